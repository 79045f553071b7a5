/** The view of a 申报表: every field from what the benefit reads in the rule graph, prefilled from an application. */
import type { Graph } from '../ir/schema.ts';
import type { DocApplication } from './application.ts';
import { yuanFigures } from '../values/money.ts';
import { chineseNumber, measureCitation } from '../values/numerals.ts';
import { chineseDate } from './chinese.ts';
import { kindTitle, listTitle, materials, nodeById, quotedTitle, readsDistrict, readsFirstEntry, unitOfType } from './describe.ts';
import type { DocumentProblem } from './errors.ts';
import { chooseBenefit, common, type DocOptions } from './view-common.ts';

export function formView(graph: Graph, d: DocApplication | undefined, opts: DocOptions, warnings: DocumentProblem[]): Record<string, unknown> {
  const nodes = nodeById(graph);
  const b = chooseBenefit(graph, 'form', opts.benefit ?? d?.extras.benefit);
  const { view } = common(graph, 'form', opts, b, warnings);
  const a = d?.app;
  const box = (v: boolean | undefined) => (v === undefined ? '□是　　□否' : v ? '■是　　□否' : '□是　　■否');
  const cite = measureCitation(b.measure);
  const kinds = b.applicants.map((k) => kindTitle(graph, k));
  const sections: { heading: string; fields: { label: string; value: string; note: string }[] }[] = [];

  const who: { label: string; value: string; note: string }[] = [
    { label: '申报单位名称', value: a?.applicant.name ?? '', note: '与营业执照一致' },
    { label: '统一社会信用代码', value: a?.applicant.id ?? '', note: '18位，与营业执照一致' },
    {
      label: '申报主体类型',
      value: kinds.length === 1 ? kinds[0]! : kinds.map((k, i) => `${a && b.applicants[i] === a.applicant.kind ? '■' : '□'}${k}`).join('　'),
      note: `${cite}规定的申报对象`,
    },
  ];
  who.push(
    { label: '法定代表人', value: '', note: '与营业执照一致' },
    { label: '注册地址', value: '', note: '与营业执照一致' },
  );
  if (readsDistrict(graph, b)) who.push({ label: '所在区', value: a?.applicant.district ?? '', note: '注册地所在区' });
  who.push(
    { label: '联系人', value: '', note: '负责本次申报的经办人' },
    { label: '联系电话', value: '', note: '手机或办公电话' },
  );
  if (graph.rules.noDoubleFunding || graph.rules.highestOnly) who.push({ label: '申报项目编号', value: a?.project ?? '', note: '本次申报的项目；同一项目只能申报一次' });
  who.push({ label: '申报日期', value: a ? chineseDate(a.date) : '　　年　　月　　日', note: '须在政策有效期内' });
  sections.push({ heading: '一、申报主体基本情况', fields: who });

  const conditions: { label: string; value: string; note: string }[] = [];
  for (const list of b.lists) {
    const status = a?.lists?.[list];
    conditions.push({ label: `是否入选${listTitle(graph, list)}名单`, value: box(a ? (status?.member ?? false) : undefined), note: `${cite}的申报条件` });
    if (readsFirstEntry(graph, b, list, nodes)) {
      conditions.push({ label: '是否首次进入该名单', value: box(a ? (status?.firstTime ?? false) : undefined), note: `${cite}：对首次进入名单的给予奖励` });
    }
  }
  const amounts: { label: string; value: string; note: string }[] = [];
  for (const name of b.inputs) {
    const input = graph.inputs.find((i) => i.name === name);
    if (!input) continue;
    const value = a?.facts[name];
    if (input.type.kind === 'bool') {
      conditions.push({ label: `是否${input.description ?? name}`.replace(/^是否是否/, '是否'), value: box(a ? value === true : undefined), note: `${cite}的申报条件` });
    } else {
      const unit = unitOfType(input.type);
      const shown = value === undefined ? '' : input.type.kind === 'money' && typeof value === 'number' ? yuanFigures(Math.round(value * 100)) : String(value);
      amounts.push({ label: `${name}${unit ? `（${unit}）` : ''}`, value: shown, note: `${input.description ?? name}（${cite}）` });
    }
  }
  if (conditions.length) sections.push({ heading: `${chineseNumber(sections.length + 1)}、申报条件`, fields: conditions });
  if (amounts.length) sections.push({ heading: `${chineseNumber(sections.length + 1)}、申报金额`, fields: amounts });

  const others: { label: string; value: string; note: string }[] = [];
  const year = a?.date.slice(0, 4);
  if (b.caps.some((c) => c.scope === 'perYear')) {
    const got = a?.history?.filter((h) => h.benefit === b.id && h.date.slice(0, 4) === year).reduce((s, h) => s + h.grantedFen, 0);
    others.push({ label: '本年度已获本项扶持金额（元）', value: got === undefined ? '' : yuanFigures(got), note: '本年度已获得的本项扶持，没有的填0' });
  }
  if (b.caps.some((c) => c.scope === 'total')) {
    const got = a?.history?.filter((h) => h.benefit === b.id).reduce((s, h) => s + h.grantedFen, 0);
    others.push({ label: '已获本项扶持累计金额（元）', value: got === undefined ? '' : yuanFigures(got), note: '历年已获得的本项扶持合计，没有的填0' });
  }
  if (b.oneTime) {
    others.push({ label: '此前是否获得过本项奖励', value: box(a ? !!a.history?.some((h) => h.benefit === b.id) : undefined), note: '本项为一次性奖励，已获得过的不再给予' });
  }
  if (graph.rules.noDoubleFunding) {
    const levels = graph.rules.noDoubleFunding.levels;
    const words = levels.map((l) => ({ national: '国家', provincial: '省', municipal: '市' })[l]).join('、');
    const funded = a?.otherFunding?.filter((f) => levels.includes(f.level) && f.project === a.project);
    others.push({
      label: `本项目是否已获${words}资金奖补`,
      value: funded === undefined ? '□是　　□否' : funded.length ? `■是（${funded.map((f) => (f.amountFen !== undefined ? `${yuanFigures(f.amountFen)}元` : f.level)).join('、')}）` : '□是　　■否',
      note: `已获的，请写明级别和金额（${measureCitation(graph.rules.noDoubleFunding.measure ?? b.measure)}）`,
    });
  }
  if (others.length) sections.push({ heading: `${chineseNumber(sections.length + 1)}、已获支持情况`, fields: others });
  sections.push({
    heading: `${chineseNumber(sections.length + 1)}、资金拨付账户`,
    fields: [
      { label: '开户名称', value: '', note: '须与申报单位名称一致' },
      { label: '开户银行', value: '', note: '写到支行' },
      { label: '银行账号', value: '', note: '对公基本账户' },
    ],
  });
  sections.push({
    heading: `${chineseNumber(sections.length + 1)}、附件材料（已附的在□内打√）`,
    fields: materials(graph, b, nodes).slice(1).map((m, i) => ({ label: `附件${i + 1}`, value: m, note: '□已附' })),
  });

  return {
    ...view,
    title: `${b.title}申报表`,
    basis: `（依据${quotedTitle(graph)}${cite}）`,
    sections,
    pledge: `本单位承诺：所填报内容及所附材料真实、准确、完整，符合${quotedTitle(graph)}的申报要求；如有虚假，愿承担相应责任。`,
  };
}
