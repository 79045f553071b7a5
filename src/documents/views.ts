/**
 * Views: what each template receives. A view is plain data — strings, arrays, booleans — built from the
 * rule graph, the application and the evaluator's result; the templates only arrange it. Refusals
 * (a certificate above the ceiling, a rejection of an eligible application …) happen here, before any
 * template runs, so nothing is written for them.
 */
import type { Benefit, Graph } from '../ir/schema.ts';
import type { EvalResult } from '../eval/index.ts';
import { lastDayFromIssuance } from '../eval/values.ts';
import { addWorkdays, onOrNextWorkday } from '../calendar/workdays.ts';
import { periodEnd } from '../calendar/periods.ts';
import type { DocApplication } from './application.ts';
import { rmbCapitals, yuanFigures } from '../values/money.ts';
import { measureCitation } from '../values/numerals.ts';
import { chineseDate, levelNumber } from './chinese.ts';
import {
  clauseOf,
  describeAmount,
  describeClause,
  describeEligibility,
  describeSteps,
  durationText,
  kindTitle,
  kindWord,
  materials,
  nodeById,
  publicityPeriod,
  quotedTitle,
  roleUnits,
} from './describe.ts';
import { docError, DocumentError, type DocumentProblem } from './errors.ts';
import { formView } from './form-view.ts';
import type { DocKind } from './model.ts';
import { splitTitle } from './titles.ts';
import { rejectionGrounds, remedyText, reviewAuthority } from './grounds.ts';
import {
  amountBenefits,
  applicantName,
  benefitById,
  checkDate,
  chooseBenefit,
  common,
  contactText,
  evaluated,
  isDraft,
  issuerName,
  KIND_NAMES,
  notBefore,
  type Built,
  type DocOptions,
} from './view-common.ts';

export { KIND_NAMES, DOC_NUMBER, type DocOptions, type Built } from './view-common.ts';
export { splitTitle };

function validityText(graph: Graph, issued: string | undefined): string {
  const v = graph.policy.validity;
  if (!v) return '';
  if (v.kind === 'range') return `${chineseDate(v.from)}至${chineseDate(v.to)}`;
  const iss = issued ?? graph.policy.issued ?? undefined;
  const base = `自印发之日起${durationText(v)}`;
  return iss ? `${base}（${chineseDate(iss)}至${chineseDate(lastDayFromIssuance(iss, v.amount, v.unit))}）` : base;
}

function generalRules(graph: Graph): string[] {
  const out: string[] = [];
  const nd = graph.rules.noDoubleFunding;
  if (nd) {
    const levels = nd.levels.map((l) => ({ national: '国家', provincial: '省', municipal: '市' })[l]).join('和');
    out.push(`已获得${levels}同一项目资金奖补的，不重复支持${nd.measure ? `（${measureCitation(nd.measure)}）` : ''}。`);
  }
  const ho = graph.rules.highestOnly;
  if (ho) {
    out.push(`同一项目、同一事项同时符合本市多项扶持政策的，按“就高不就低”原则择一支持，不得重复获得奖励、补助${ho.measure ? `（${measureCitation(ho.measure)}）` : ''}。`);
  }
  return out;
}

function numbered<T extends string>(items: T[], level: 1 | 2 | 3 | 4): { n: string; text: string }[] {
  return items.map((text, i) => ({ n: levelNumber(level, i + 1), text }));
}

/**
 * 主送机关 of a call: the units that take part in handling the benefits (lead and cooperating units,
 * groups such as 各区人民政府 first), those that take part in at least half of them when there are
 * several (the rest as 市有关单位), then 各有关单位 for the applicants.
 */
function addressees(graph: Graph, benefits: Benefit[]): string {
  const issuer = issuerName(graph);
  const count = new Map<string, number>();
  for (const b of benefits) {
    const names = new Set([...roleUnits(graph, b, 'lead'), ...roleUnits(graph, b, 'cooperate')]);
    for (const n of names) if (n !== issuer) count.set(n, (count.get(n) ?? 0) + 1);
  }
  const isGroup = (n: string) => graph.units.some((u) => u.fullName === n && u.members?.length);
  const kept = [...count].filter(([, c]) => c * 2 >= benefits.length).map(([n]) => n);
  kept.sort((a, b) => Number(isGroup(b)) - Number(isGroup(a)));
  const rest = kept.length < count.size ? ['市有关单位'] : [];
  return [...kept, ...rest, '各有关单位'].join('，') + '：';
}


function benefitSummary(graph: Graph, b: Benefit, nodes: ReturnType<typeof nodeById>) {
  const { measure } = clauseOf(graph, b);
  return {
    id: b.id,
    title: b.title,
    cite: measureCitation(b.measure),
    measureTitle: measure?.title ?? '',
    quote: b.text ?? '',
    // 参照: no amount of its own; the call states the reference instead of a standard
    standard: !b.hasAmount && b.reference ? `参照“${b.reference}”办理，本政策不设统一金额标准` : describeAmount(graph, b, nodes),
    eligibility: describeEligibility(graph, b, nodes),
    leads: roleUnits(graph, b, 'lead').join('、'),
    cooperates: roleUnits(graph, b, 'cooperate').join('、'),
    steps: describeSteps(graph, b).map((s, i) => ({ n: levelNumber(3, i + 1), text: s.text })),
    materials: numbered(materials(graph, b, nodes), 3),
  };
}

// ---- one builder per kind

/**
 * The benefits a call appends a 申报表 for (one 附件 each): `--benefit`, else every benefit with an amount.
 * A benefit by reference (参照, 一事一议) is described in the call but has no standard form.
 */
export function callBenefits(graph: Graph, opts: DocOptions): Benefit[] {
  return opts.benefit ? [benefitById(graph, opts.benefit)] : amountBenefits(graph);
}

function callView(graph: Graph, opts: DocOptions, warnings: DocumentProblem[]): Record<string, unknown> {
  const nodes = nodeById(graph);
  // every benefit an applicant can apply for: those with an amount, and those by reference (参照), whose conditions still apply
  const chosen = opts.benefit ? [benefitById(graph, opts.benefit)] : graph.benefits.filter((b) => b.hasAmount || b.reference !== undefined);
  const forms = callBenefits(graph, opts);
  const { view, date } = common(graph, 'call', opts, chosen[0], warnings);
  const single = chosen.length === 1;
  const subject = single ? chosen[0]!.title : `${quotedTitle(graph)}资金扶持项目`;
  const benefits = chosen.map((b, i) => ({ ...benefitSummary(graph, b, nodes), n: levelNumber(2, i + 1) }));
  return {
    ...view,
    titleLines: splitTitle(`${view.issuer}关于组织申报${date.slice(0, 4)}年度${subject}的通知`),
    addressee: addressees(graph, chosen),
    intro: `为贯彻落实${quotedTitle(graph)}${graph.policy.docNumber ? `（${graph.policy.docNumber}）` : ''}，现就组织申报${subject}有关事项通知如下：`,
    single,
    benefits,
    general: numbered([...generalRules(graph), '申报日期应在政策有效期内。'], 3),
    validity: validityText(graph, opts.issued),
    attachments: forms.map((b, i) => ({ n: forms.length > 1 ? `${i + 1}.` : '', text: `${b.title}申报表` })),
    multipleAttachments: forms.length > 1,
  };
}


function acceptanceView(graph: Graph, d: DocApplication, opts: DocOptions, warnings: DocumentProblem[]): Record<string, unknown> {
  const b = chooseBenefit(graph, 'acceptance', opts.benefit ?? d.extras.benefit);
  const { view, date } = common(graph, 'acceptance', opts, b, warnings);
  notBefore(date, d);
  const district = d.app.applicant.district;
  const steps = describeSteps(graph, b, district).slice(1);
  return {
    ...view,
    mark: view.issuer,
    titleLines: ['受理通知书'],
    addressee: `${applicantName(d)}：`,
    body: `你单位于${chineseDate(d.app.date)}提交的${b.title}申报材料${d.app.project ? `（项目编号：${d.app.project}）` : ''}已收悉。经审查，申报材料齐全，符合${quotedTitle(graph)}${measureCitation(b.measure)}规定的申报要求，决定予以受理。`,
    hasSteps: steps.length > 0,
    steps: steps.map((s, i) => ({ n: levelNumber(2, i + 1), text: s.text + '。' })),
    closing: '办理过程中如需补充材料，将另行通知。',
    contact: contactLine(opts, 'acceptance', warnings),
  };
}

/** （联系人：…，联系电话：…，地址：…）: warned and left blank to fill in when not given. */
function contactLine(opts: DocOptions, kind: DocKind, warnings: DocumentProblem[]): string {
  const c = opts.contact;
  if (!c?.person && !c?.phone && !c?.address) warnings.push({ code: 'POL6103', args: [KIND_NAMES[kind]] });
  return contactText(opts);
}

function rejectionView(graph: Graph, d: DocApplication, opts: DocOptions, warnings: DocumentProblem[]): Record<string, unknown> {
  const results = evaluated(graph, d, opts);
  const b = chooseBenefit(graph, 'rejection', opts.benefit ?? d.extras.benefit, results.length ? amountBenefits(graph).filter((x) => results.some((r) => r.benefit === x.id && !r.eligible)) : undefined);
  const result = results.find((r) => r.benefit === b.id);
  const extra = [...(d.extras.reasons ?? []), ...(opts.reasons ?? [])].map((r) => r.trim()).filter((r) => r !== '');
  if (result?.eligible && extra.length === 0) throw docError('POL6010', b.id);
  const { view, date } = common(graph, 'rejection', opts, b, warnings);
  notBefore(date, d);
  const grounds = rejectionGrounds(result && !result.eligible ? result.reasons : [], b.measure, extra);
  return {
    ...view,
    mark: view.issuer,
    titleLines: ['不予支持通知书'],
    addressee: `${applicantName(d)}：`,
    body: `你单位于${chineseDate(d.app.date)}提交的${b.title}申报${d.app.project ? `（项目编号：${d.app.project}）` : ''}，经审核，决定不予支持${quotedTitle(graph)}${measureCitation(b.measure)}规定的${b.title}。理由如下：`,
    reasons: numbered(grounds, 3),
    remedy: remedyText(reviewAuthority(view.issuer, opts.reviewAuthority)),
    contact: contactLine(opts, 'rejection', warnings),
  };
}

/** The amount proposed or granted: --amount, the application's grantedFen, else (publicity) the ceiling. */
function grantedOf(d: DocApplication, opts: DocOptions): number | undefined {
  return opts.amountFen ?? d.extras.grantedFen;
}

function certificateView(graph: Graph, d: DocApplication, opts: DocOptions, warnings: DocumentProblem[]): Record<string, unknown> {
  // decisions only; the reasons are worked out when a refusal needs them
  const results = evaluated(graph, d, opts, false);
  const eligible = amountBenefits(graph).filter((x) => results.some((r) => r.benefit === x.id && r.eligible));
  const b = chooseBenefit(graph, 'certificate', opts.benefit ?? d.extras.benefit, eligible.length ? eligible : undefined);
  const result = results.find((r) => r.benefit === b.id);
  const reasons = () => evaluated(graph, d, opts).find((r) => r.benefit === b.id)?.reasons ?? [];
  if (!result || !result.eligible) throw docError('POL6003', b.id, reasons().join('；') || '未通过评估');
  const granted = grantedOf(d, opts);
  if (granted === undefined) throw docError('POL6004');
  if (granted <= 0) throw docError('POL6005', yuanFigures(granted));
  if (granted > result.ceilingFen) throw docError('POL6002', yuanFigures(granted), yuanFigures(result.ceilingFen), (reasons()[0] ?? '').replace(/。$/, ''));
  const { view, date } = common(graph, 'certificate', opts, b, warnings);
  notBefore(date, d);
  const award = b.kind === 'award';
  const { measure } = clauseOf(graph, b);
  const rows = [
    { label: award ? '受奖单位' : '受支持单位', value: applicantName(d) },
    { label: '统一社会信用代码', value: d.app.applicant.id },
    ...(d.app.project ? [{ label: '项目编号', value: d.app.project }] : []),
    { label: '扶持项目', value: b.title },
    { label: '政策依据', value: `${measureCitation(b.measure)}${measure ? `（${measure.title}）` : ''}` },
    { label: '核定金额（小写）', value: `${yuanFigures(granted)}元` },
    { label: '核定金额（大写）', value: rmbCapitals(granted) },
    ...(d.extras.note ? [{ label: '备注', value: d.extras.note }] : []),
  ];
  return {
    ...view,
    title: award ? '奖励证书' : '资金扶持确认书',
    number: opts.docNumber ? `编号：${opts.docNumber}` : '',
    // a name longer than a line is not repeated as the salutation (the table names the unit): one page always
    addressee: [...applicantName(d)].length <= 24 ? `${applicantName(d)}：` : '',
    body: `根据${quotedTitle(graph)}的规定，经审核，${[...applicantName(d)].length <= 24 ? '你单位' : '下列单位'}申报的${b.title}符合支持条件，核定${kindWord(b)}如下：`,
    rows,
    closing: award ? '特发此证。' : '特此确认。',
  };
}

export interface PublicityEntry {
  row?: number;
  data: DocApplication;
}

function publicityView(graph: Graph, entries: PublicityEntry[], opts: DocOptions, warnings: DocumentProblem[]): Record<string, unknown> {
  const benefit = opts.benefit ? benefitById(graph, opts.benefit) : undefined;
  if (benefit && !benefit.hasAmount) throw docError('POL6013', benefit.id, benefit.reference ?? '按相关政策给予支持', '公示');
  const rows: { n: string; name: string; id: string; benefit: string; amount: string; note: string; fen: number }[] = [];
  const skipped: string[] = [];
  const used = new Set<string>();
  const docDate = checkDate(opts.date);
  for (const e of entries) {
    if (e.data.app.date > docDate) {
      const why = `${applicantName(e.data)}的申报日期 ${e.data.app.date} 晚于公示日期 ${docDate}，不列入公示`;
      skipped.push(why);
      warnings.push({ code: 'POL6011', args: [e.row ?? 0, why] });
      continue;
    }
    let results: EvalResult[];
    try {
      results = evaluated(graph, e.data, opts, false);
    } catch (err) {
      if (!(err instanceof DocumentError) || err.problems.some((p) => p.code === 'POL4002')) throw err;
      const why = err.messages().join('；');
      skipped.push(why);
      warnings.push({ code: 'POL6011', args: [e.row ?? 0, why] });
      continue;
    }
    const wanted = benefit?.id ?? e.data.extras.benefit;
    const hits = results.filter((r) => r.eligible && (!wanted || r.benefit === wanted));
    if (hits.length === 0) {
      const at = e.row !== undefined ? `第 ${e.row} 行` : applicantName(e.data);
      skipped.push(`${at}（${applicantName(e.data)}）不符合条件`);
      warnings.push({ code: 'POL6011', args: [e.row ?? 0, `${applicantName(e.data)}不符合${wanted ?? '任何扶持项目'}的支持条件，不列入公示`] });
      continue;
    }
    for (const r of hits) {
      const granted = r.benefit === wanted || hits.length === 1 ? grantedOf(e.data, opts) : undefined;
      if (granted !== undefined && granted > r.ceilingFen) {
        const why = `${applicantName(e.data)}的拟支持金额 ${yuanFigures(granted)} 元超过评估上限 ${yuanFigures(r.ceilingFen)} 元，不列入公示`;
        skipped.push(why);
        warnings.push({ code: 'POL6011', args: [e.row ?? 0, why] });
        continue;
      }
      const fen = granted ?? r.ceilingFen;
      used.add(r.benefit);
      rows.push({ n: String(rows.length + 1), name: applicantName(e.data), id: e.data.app.applicant.id, benefit: r.benefit, amount: yuanFigures(fen), note: e.data.extras.note ?? '', fen });
    }
  }
  if (rows.length === 0) throw docError('POL6012', skipped.join('；') || '没有申报数据');
  const chosen = graph.benefits.filter((b) => used.has(b.id));
  const b = chosen[0]!;
  const { view, date } = common(graph, 'publicity', opts, b, warnings);
  const period = publicityPeriod(graph, b) ?? { amount: 5, unit: 'workday' as const };
  const start = onOrNextWorkday(date);
  const end = period.unit === 'workday' ? addWorkdays(start, period.amount - 1) : periodEnd(start, { amount: period.amount, unit: period.unit });
  const subject = chosen.length === 1 ? b.title : `${quotedTitle(graph)}资金扶持项目`;
  const total = rows.reduce((s, r) => s + r.fen, 0);
  const withBenefit = chosen.length > 1;
  const withNote = rows.some((r) => r.note !== '');
  return {
    ...view,
    mark: `${view.issuer}文件`,
    titleLines: splitTitle(`关于${date.slice(0, 4)}年度${subject}拟支持名单的公示`),
    body: `根据${quotedTitle(graph)}${chosen.map((x) => measureCitation(x.measure)).filter((x, i, all) => all.indexOf(x) === i).join('、')}的规定，经申报、初审、审核，现将${subject}拟支持名单予以公示（见下表）。`,
    period: `公示期为${chineseDate(start)}至${chineseDate(end)}（${durationText(period)}）。公示期间，任何单位或者个人对拟支持名单有异议的，请于${chineseDate(end)}前以书面形式向${view.issuer}实名反映，并提供必要的证明材料，逾期不予受理。`,
    contact: contactLine(opts, 'publicity', warnings),
    withBenefit,
    withNote,
    rows,
    // applicants (家), not rows: one applicant may be proposed for several benefits
    count: String(new Set(rows.map((r) => r.id)).size),
    total: yuanFigures(total),
    totalCapitals: rmbCapitals(total),
  };
}

function policyView(graph: Graph, opts: DocOptions, warnings: DocumentProblem[]): Record<string, unknown> {
  const draft = isDraft(graph, opts);
  const number = opts.docNumber ?? graph.policy.docNumber;
  if (draft && number?.includes('规字')) throw docError('POL6021', number);
  const { view } = common(graph, 'policy', opts, undefined, warnings);
  const measures = graph.measures.map((m) => {
    // where the source has no 原文, the clause is printed from the rules
    const own = (c: (typeof m.clauses)[number]) => c.text || describeClause(graph, m, c);
    const paragraphs = m.clauses.length > 1 ? m.clauses.map(own).filter((t) => t !== '') : [m.text || (m.clauses[0] ? own(m.clauses[0]) : '')];
    return { heading: `${levelNumber(1, Number(m.number) || 0)}${m.title}`, paragraphs };
  });
  return {
    ...view,
    titleLines: splitTitle(draft ? `${view.issuer}关于征求${graph.policy.title}（征求意见稿）意见的函` : `${view.issuer}关于印发${graph.policy.title}的通知`),
    addressee: [...graph.units.filter((u) => u.members?.length).map((u) => u.fullName), '市各有关单位'].join('，') + '：',
    body: draft
      ? `为做好${quotedTitle(graph)}制定工作，现将征求意见稿送给你们，请认真研究并提出修改意见，以书面形式反馈${view.issuer}。`
      : `现将${quotedTitle(graph)}印发给你们，请认真贯彻执行。执行过程中遇到的问题，请径向${view.issuer}反映。`,
    policyLines: splitTitle(graph.policy.title),
    draftNote: draft ? '（征求意见稿）' : '',
    preamble: graph.policy.preamble ?? '',
    measures,
    closing: graph.policy.closing ?? '',
    validity: graph.policy.validity && !measures.some((m) => m.paragraphs.some((p) => p.includes('有效期'))) ? `本措施${validityText(graph, opts.issued)}有效。` : '',
  };
}

/** Build the view of a document; DocumentError when it must be refused. */
export function buildView(kind: DocKind, graph: Graph, input: DocApplication | PublicityEntry[] | undefined, opts: DocOptions): Built {
  const warnings: DocumentProblem[] = [];
  const one = (): DocApplication => {
    if (input === undefined) throw docError('POL6008', KIND_NAMES[kind]);
    return Array.isArray(input) ? input[0]!.data : input;
  };
  let view: Record<string, unknown>;
  switch (kind) {
    case 'call':
      view = callView(graph, opts, warnings);
      break;
    case 'policy':
      view = policyView(graph, opts, warnings);
      break;
    case 'form':
      view = formView(graph, input === undefined ? undefined : one(), opts, warnings);
      break;
    case 'acceptance':
      view = acceptanceView(graph, one(), opts, warnings);
      break;
    case 'rejection':
      view = rejectionView(graph, one(), opts, warnings);
      break;
    case 'certificate':
      view = certificateView(graph, one(), opts, warnings);
      break;
    case 'publicity': {
      if (input === undefined) throw docError('POL6008', KIND_NAMES[kind]);
      view = publicityView(graph, Array.isArray(input) ? input : [{ data: input }], opts, warnings);
      break;
    }
  }
  return { view, warnings };
}
