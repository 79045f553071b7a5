/**
 * `pol wf …`: approval workflows (DESIGN §7) in an embedded SQLite database (--db, default out/pol.db).
 *   apply FILE.pol --benefit ID --input APP.json   file an application (evaluated first; ineligible → exit 1, nothing stored)
 *   act ID --as UNIT --action A [--amount YUAN] [--note TEXT]   one step (refused → exit 3, nothing changed)
 *   show ID · list [--state S] [--overdue] · audit ID · docs ID [-o DIR]
 * The business date is --at, else POL_NOW, else today in Asia/Shanghai. The store (better-sqlite3) loads
 * only when a wf command runs.
 */
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { codedMessage, formatMessage, type Lang } from '../../diagnostics/catalog.ts';
import { isCalendarDate, limitText, todayInShanghai, type CalendarDate } from '../../workflow/calendar.ts';
import { WorkflowError } from '../../workflow/define.ts';
import { literalText } from '../../ir/prose.ts';
import { ACTIONS, ACTION_ZH, CLOSED, DISBURSED, REJECTED, RETURNED, stateLabel, type Action } from '../../workflow/machine.ts';
import { DURATION_ZH } from '../../values/duration.ts';
import { formatMoney, parseYuan } from '../../values/money.ts';
import { displayWidth } from '../../values/width.ts';
import { DEFAULT_DB, openStore, storeError } from '../../workflow/open.ts';
import type { AuditEntry, Store } from '../../store/types.ts';
import type { ApplicationView } from '../../workflow/service.ts';
import { EXIT, langOf, readJsonFile, UserError, writeFileAtomic, writeStdout, writeStderr, userError } from '../io.ts';
import { checkOutputFiles } from '../output.ts';
import { checkTextOption } from '../options.ts';

interface Common {
  db?: string;
  at?: string;
  by?: string;
  json?: boolean;
  lang?: string;
}

/** The system's today: POL_NOW (tests, demos), else today in Asia/Shanghai. */
function nowOf(): CalendarDate {
  const v = process.env.POL_NOW;
  if (v === undefined || v === '') return todayInShanghai();
  if (!isCalendarDate(v)) throw userError('POL3050', [{ zh: '环境变量 POL_NOW', en: 'the environment variable POL_NOW' }, v]);
  return v;
}

/** The business date: --at (never after today: the service refuses it), else POL_NOW, else today in Asia/Shanghai. */
function todayOf(opts: Common): CalendarDate {
  if (opts.at === undefined) return nowOf();
  if (!isCalendarDate(opts.at)) throw userError('POL3050', ['--at', opts.at]);
  return opts.at;
}

function byOf(opts: Common): string {
  checkTextOption('--by', opts.by, 'name');
  if (opts.by?.trim()) return opts.by.trim();
  if (process.env.POL_USER) return process.env.POL_USER;
  try {
    return userInfo().username;
  } catch {
    return '未署名';
  }
}

/**
 * Run with the store open; workflow refusals and unusable databases become messages and exit codes. Only
 * commands that may create the database (apply, init) pass `create`; the others refuse a missing file.
 */
async function withStore<T>(opts: Common, f: (store: Store, lang: Lang) => Promise<T>, open: { create?: boolean } = {}): Promise<T> {
  const lang = langOf(opts.lang);
  let store: Store | undefined;
  try {
    store = await openStore(opts.db ?? DEFAULT_DB, open);
    return await f(store, lang);
  } catch (e) {
    const err = storeError(e);
    if (err instanceof WorkflowError) throw new UserError(err.text(lang), err.exit === 'refused' ? EXIT.refused : EXIT.input);
    throw err;
  } finally {
    await store?.close();
  }
}

const dbOption = ['--db <path>', `工作流数据库（SQLite 文件；只有 wf apply、wf init 会创建），默认 ${DEFAULT_DB}`] as const;
const atOption = ['--at <date>', '业务日期 YYYY-MM-DD，不得晚于今天（默认取环境变量 POL_NOW，再默认为北京时间今天）'] as const;
const byOption = ['--by <name>', '经办人姓名，记入审计日志（默认取环境变量 POL_USER 或系统用户名）'] as const;
const langOption = ['--lang <lang>', '消息语言：zh 或 en', 'zh'] as const;

function table(head: string[], rows: string[][]): string {
  const cols = head.map((_, i) => Math.max(...[head, ...rows].map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(cols[i]! - displayWidth(c))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

const lateText = (l: { amount: number; unit: 'workday' | 'day' }) => `逾期 ${l.amount} ${DURATION_ZH[l.unit]}`;

function whereText(v: ApplicationView): string {
  if (v.final && v.allowed.length === 0) return v.stateLabel;
  const parts = [`${v.stateLabel}`];
  if (v.actors.length) parts.push(`由 ${v.actors.join('、')} 办理`);
  if (v.deadline) parts.push(`限 ${limitText(v.deadline.limit)}，至 ${v.deadline.due}${v.deadline.late ? `，已${lateText(v.deadline.late)}` : ''}`);
  const p = v.record.publicity;
  if (p) parts.push(`公示期 ${p.from} 至 ${p.until}`);
  return parts.join('；');
}

function viewJson(v: ApplicationView) {
  return {
    ...v.record,
    stateLabel: v.stateLabel,
    step: v.step ?? null,
    actors: v.actors,
    deadline: v.deadline ?? null,
    allowed: v.allowed,
    final: v.final,
    warnings: v.warnings,
  };
}

function stateOption(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const byLabel: Record<string, string> = { 退回补正: RETURNED, 不予支持: REJECTED, 已拨付: DISBURSED, 已办结: CLOSED };
  return byLabel[s] ?? s;
}

export function register(program: Command): void {
  const wf = program
    .command('wf')
    .description('审批流程：登记申报、按步骤办理（受理、退回、审核、公示、拨付）、查询、审计日志与文书。数据保存在 SQLite 文件中（--db）')
    .helpOption('-h, --help', '显示帮助');
  addApply(wf);
  addAct(wf);
  addShow(wf);
  addList(wf);
  addAudit(wf);
  addDocs(wf);
  addInit(wf);
  addVerify(wf);
}

/** `pol wf apply`: evaluate each application first; file the eligible ones. */
function addApply(wf: Command): void {
  wf
    .command('apply')
    .description('登记申报：先按政策评估，不符合条件的不予登记（列出理由，退出码 1）；符合的登记并输出申请编号。--input 可为一份申报或申报数组（逐份登记）')
    .argument('<file>', '.pol 政策文件')
    .requiredOption('--benefit <id>', '申报的扶持项目，如 品牌推广扶持')
    .requiredOption('-i, --input <app.json>', '申报数据（JSON，格式见 docs/eval.md；可为数组；- 表示从标准输入读取）')
    .option('--issued <date>', '印发日期 YYYY-MM-DD（征求意见稿尚无印发日期时必填）')
    .option(...dbOption)
    .option(...atOption)
    .option(...byOption)
    .option('--json', '以 JSON 输出登记结果')
    .option(...langOption)
    .action(async (file: string, opts: Common & { benefit: string; input: string; issued?: string }) => {
      const today = todayOf(opts);
      const now = nowOf();
      const by = byOf(opts);
      if (opts.issued !== undefined && !isCalendarDate(opts.issued)) throw userError('POL3050', ['--issued', opts.issued]);
      const { loadGraph } = await import('../load.ts'); // the compiler loads only for apply
      const { graph } = loadGraph(file, langOf(opts.lang), { quiet: true });
      if (!graph.policy.issued && !opts.issued && graph.policy.validity?.kind === 'fromIssuance') {
        throw userError('POL4002', [graph.policy.id, literalText({ type: 'duration', amount: graph.policy.validity.amount, unit: graph.policy.validity.unit }, 'zh')]);
      }
      const raw = readJsonFile(opts.input);
      const items = Array.isArray(raw) ? raw : [raw];
      const svc = await import('../../workflow/service.ts');
      process.exitCode = await withStore(opts, async (store) => {
        const filing = await svc.prepareFiling(store, graph, opts.benefit, opts.issued);
        const results: unknown[] = [];
        let refused = 0;
        for (let i = 0; i < items.length; i++) {
          const r = await svc.fileApplication(store, filing, items[i], { today, by, now });
          const label = Array.isArray(raw) ? `第 ${i + 1} 份申报` : '申报';
          if (!r.ok) {
            refused++;
            if (opts.json) results.push({ index: i, filed: false, code: r.error.code, message: r.error.message, errors: r.errors ?? [], reasons: r.error.details });
            else {
              writeStderr(`pol: ${label}：${r.error.text(langOf(opts.lang))}`);
            }
            continue;
          }
          const v = svc.viewOf(graph, filing.machine, r.record, today);
          if (opts.json) results.push({ index: i, filed: !r.existing, existing: r.existing, ...viewJson(v) });
          else if (r.existing) {
            writeStdout(`${label}：${formatMessage('POL5133', [r.record.id, whereText(v)], langOf(opts.lang))}`);
          } else {
            const a = r.record.applicant;
            writeStdout(
              `已登记申请 ${r.record.id}：${r.record.benefit}，申报人 ${a.name ?? a.id}${a.district ? `（${a.district}）` : ''}，申报时上限 ${formatMoney(r.record.ceilingFen)}\n` +
                `  当前：${whereText(v)}`,
            );
          }
        }
        if (opts.json) writeStdout(JSON.stringify(Array.isArray(raw) ? results : results[0], null, 2));
        if (Array.isArray(raw) && !opts.json) writeStderr(`pol: 共 ${items.length} 份：已登记 ${items.length - refused} 份，未予登记 ${refused} 份`);
        return refused > 0 ? EXIT.input : EXIT.ok;
      }, { create: true });
    });
}

/** `pol wf act`: one step of the workflow, as one unit. */
function addAct(wf: Command): void {
  wf
    .command('act')
    .description('办理一步：以某单位（或申报人）的身份执行动作。非本步办理单位、当前状态不允许的动作、超过上限的金额一律拒绝（退出码 3），不作任何更改')
    .argument('<id>', '申请编号，如 2025-000001')
    .requiredOption('--as <unit>', '办理单位（简称或全称，如 市商务局、天河区政府），申报人用“申报人”')
    .requiredOption('--action <action>', `动作：${ACTIONS.map((a) => `${a}（${ACTION_ZH[a]}）`).join('、')}`)
    .option('--amount <yuan>', 'approve 时核定的金额（元，如 400000 或 40万；省略时取此刻的上限）')
    .option('--note <text>', '意见或理由（return、reject、object 必填），记入审计日志')
    .option(...dbOption)
    .option(...atOption)
    .option(...byOption)
    .option('--json', '以 JSON 输出办理后的申请')
    .option(...langOption)
    .action(async (id: string, opts: Common & { as: string; action: string; amount?: string; note?: string }) => {
      const today = todayOf(opts);
      const by = byOf(opts);
      if (!(ACTIONS as readonly string[]).includes(opts.action)) {
        throw userError('POL3051', ['--action', ACTIONS.join('、'), String(opts.action)]);
      }
      checkTextOption('--note', opts.note, 'text');
      let amountFen: number | undefined;
      if (opts.amount !== undefined) {
        amountFen = parseYuan(opts.amount);
        if (amountFen === undefined || amountFen <= 0) throw userError('POL5117', []);
      }
      const svc = await import('../../workflow/service.ts');
      await withStore(opts, async (store) => {
        const out = await svc.act(
          store,
          id,
          { as: opts.as, action: opts.action as Action, ...(amountFen !== undefined ? { amountFen } : {}), ...(opts.note !== undefined ? { note: opts.note } : {}) },
          { today, by, now: nowOf(), ...(process.env.POL_TEST_BARRIER ? { beforeCommit: svc.testBarrier(process.env.POL_TEST_BARRIER) } : {}) },
        );
        const { view, machine, graph } = await svc.showApplication(store, id, today);
        if (opts.json) {
          writeStdout(
            JSON.stringify(
              { ...viewJson(view), transition: { action: out.transition.action, from: out.before.state, to: out.record.state, unit: out.unit }, documents: out.documents.map((d) => d.kind) },
              null,
              2,
            ),
          );
          return;
        }
        const lines = [`${id}：${stateLabel(machine, out.before.state)} → ${view.stateLabel}（${ACTION_ZH[out.transition.action]}，${out.unit}，${today}）`];
        if (out.transition.effect === 'grant') lines.push(`  核定金额 ${formatMoney(out.record.grantedFen!)}（此刻上限 ${formatMoney(out.ceilingFen!)}），已记入台账`);
        if (out.transition.effect === 'voidGrant') lines.push('  已撤销核定金额并冲回台账，退回审核步骤重新办理');
        if (out.transition.effect === 'openPublicity' && out.record.publicity) lines.push(`  公示期 ${out.record.publicity.from} 至 ${out.record.publicity.until}`);
        const { documentTitle } = await import('../../workflow/documents.ts');
        if (out.documents.length) lines.push(`  文书：${out.documents.map((d) => `《${documentTitle(graph, out.record.benefit, d.kind)}》`).join('、')}（pol wf docs ${id} -o DIR 生成并导出）`);
        if (!view.final || view.allowed.length) lines.push(`  下一步：${whereText(view)}`);
        writeStdout(lines.join('\n'));
      });
    });
}

/** `pol wf show`: one application, where it is and what may happen next. */
function addShow(wf: Command): void {
  wf
    .command('show')
    .description('查看一份申请：申报人、金额、当前步骤、办理单位、期限、此时可执行的动作')
    .argument('<id>', '申请编号')
    .option(...dbOption)
    .option(...atOption)
    .option('--json', '以 JSON 输出')
    .option(...langOption)
    .action(async (id: string, opts: Common) => {
      const today = todayOf(opts);
      const svc = await import('../../workflow/service.ts');
      await withStore(opts, async (store) => {
        const { view, graph } = await svc.showApplication(store, id, today);
        const { documentTitle, issuedRequests } = await import('../../workflow/documents.ts');
        const docs = (await issuedRequests(store, graph, view.record, today)).map((d) => ({ ...d, kind: documentTitle(graph, view.record.benefit, d.kind) }));
        if (opts.json) {
          writeStdout(JSON.stringify({ ...viewJson(view), documents: docs.map((d) => ({ seq: d.seq, kind: d.kind, action: d.action, on: d.on, docNumber: d.docNumber })) }, null, 2));
          return;
        }
        const r = view.record;
        const a = r.applicant;
        const lines = [
          `申请 ${r.id}  ${r.benefit}（政策 ${r.policyId}，流程 ${r.workflow}）`,
          `申报人：${a.name ?? a.id}（${a.id}${a.district ? `，${a.district}` : ''}）`,
          `申报日期：${r.date}${r.project ? `  项目：${r.project}` : ''}  登记日期：${r.filedOn}`,
          `金额：申报时上限 ${formatMoney(r.ceilingFen)}；核定 ${r.grantedFen !== null ? formatMoney(r.grantedFen) : '—'}`,
          `当前：${whereText(view)}`,
          `可执行：${view.allowed.length ? view.allowed.map((x) => `${x.action}（${x.label}，由 ${x.actors.join('、') || '—'}）`).join('；') : '无'}`,
        ];
        if (docs.length) lines.push(`文书：${docs.map((d) => `《${d.kind}》${d.docNumber ?? ''}（${d.on}）`).join('、')}（pol wf docs ${r.id} -o DIR 导出）`);
        for (const w of view.warnings) lines.push(`注意：${w}`);
        writeStdout(lines.join('\n'));
      });
    });
}

/** `pol wf list`: applications page by page, filtered in the database. */
function addList(wf: Command): void {
  wf
    .command('list')
    .description('列出申请（按登记先后，分页）；--overdue 只列超过办理期限的（并给出逾期多久）。筛选与分页都在数据库中完成，与申请总数无关')
    .option('--state <state>', '只列某状态：步骤名（初审、审核、公示、拨付）或 退回补正、不予支持、已拨付、已办结')
    .option('--benefit <id>', '只列某扶持项目的申请')
    .option('--applicant <id>', '只列某申报人（统一社会信用代码）的申请')
    .option('--overdue', '只列已超过办理期限的')
    .option('--limit <n>', '每页最多几份（默认 100）', '100')
    .option('--after <id>', '从此申请编号之后开始（上一页最后一份的编号）')
    .option(...dbOption)
    .option(...atOption)
    .option('--json', '以 JSON 输出（{"applications": […], "next": 下一页的 --after 或 null}）')
    .option(...langOption)
    .action(async (opts: Common & { state?: string; benefit?: string; applicant?: string; overdue?: boolean; limit: string; after?: string }) => {
      const today = todayOf(opts);
      const limit = Number(opts.limit);
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100_000) throw userError('POL3064', ['--limit', 1, 100000, String(opts.limit)]);
      const svc = await import('../../workflow/service.ts');
      const state = stateOption(opts.state);
      await withStore(opts, async (store) => {
        const views = await svc.listApplications(store, today, {
          ...(state !== undefined ? { state } : {}),
          ...(opts.benefit !== undefined ? { benefit: opts.benefit } : {}),
          ...(opts.applicant !== undefined ? { applicantId: opts.applicant } : {}),
          ...(opts.after !== undefined ? { after: opts.after } : {}),
          overdue: !!opts.overdue,
          limit,
        });
        const next = views.length === limit ? views.at(-1)!.record.id : null;
        if (opts.json) {
          writeStdout(JSON.stringify({ applications: views.map(viewJson), next }, null, 2));
          return;
        }
        if (views.length === 0) {
          writeStdout(opts.overdue ? `截至 ${today} 没有逾期的申请` : '没有符合条件的申请');
          return;
        }
        const rows = views.map((v) => [
          v.record.id,
          v.record.benefit,
          v.record.applicant.name ?? v.record.applicant.id,
          v.stateLabel,
          v.actors.join('、') || '—',
          v.deadline?.due ?? '—',
          v.deadline?.late ? lateText(v.deadline.late) : v.deadline ? '未逾期' : '—',
        ]);
        writeStdout(table(['申请编号', '扶持项目', '申报人', '状态', '办理单位', '期限', opts.overdue ? `逾期（截至 ${today}）` : `截至 ${today}`], rows));
        if (next) process.stderr.write(`pol: 本页 ${views.length} 份；下一页：--after ${next}\n`);
      });
    });
}

/** `pol wf audit`: the audit log of one application. */
function addAudit(wf: Command): void {
  wf
    .command('audit')
    .description('审计日志：一份申请的每一步（谁、哪个单位、何时、从哪一状态到哪一状态、金额、意见），只增不改')
    .argument('<id>', '申请编号')
    .option(...dbOption)
    .option('--json', '以 JSON 输出')
    .option(...langOption)
    .action(async (id: string, opts: Common) => {
      const svc = await import('../../workflow/service.ts');
      await withStore(opts, async (store) => {
        const { machine } = await svc.showApplication(store, id, todayInShanghai());
        const entries = await store.audit(id);
        if (opts.json) {
          writeStdout(JSON.stringify(entries, null, 2));
          return;
        }
        writeStdout(auditTable(entries, (s) => stateLabel(machine, s)));
      });
    });
}

/** `pol wf docs`: the documents issued at each step, written out with -o. */
function addDocs(wf: Command): void {
  wf
    .command('docs')
    .description('列出一份申请在各步骤出具的文书（首次查看时生成并保存）；用 -o DIR 导出到目录')
    .argument('<id>', '申请编号')
    .option('-o, --out <dir>', '把文书写入该目录（已有同名文件时拒绝，除非加 --force）')
    .option('--force', '覆盖输出目录中已有的同名文件')
    .option(...dbOption)
    .option(...atOption)
    .option('--json', '以 JSON 输出文书清单')
    .option(...langOption)
    .action(async (id: string, opts: Common & { out?: string; force?: boolean }) => {
      const today = todayOf(opts);
      const svc = await import('../../workflow/service.ts');
      const { renderDocuments } = await import('../../workflow/documents.ts');
      await withStore(opts, async (store) => {
        const { view, graph } = await svc.showApplication(store, id, today);
        const { documents: docs, warnings } = await renderDocuments(store, graph, view.record, (await import('../../step-documents.ts')).defaultDocuments, today);
        for (const w of warnings) writeStderr(`pol: 注意：${w}`);
        const written: string[] = [];
        if (opts.out) {
          const { cleanPart, pathIn } = await import('../../documents/files.ts');
          const seen = new Set<string>();
          const paths = docs.map((d) => {
            // a stored name is data: no separators, "..", control characters (it could have been written by anyone)
            const ext = /\.(pdf|docx)$/i.exec(d.fileName)?.[0].toLowerCase() ?? '';
            const stem = cleanPart(ext ? d.fileName.slice(0, -ext.length) : d.fileName, 180) || `document-${d.seq}`;
            // the same kind issued twice on one day (approve, object, approve again) keeps both files
            const name = seen.has(stem + ext) ? `${stem}-${d.requestSeq || d.seq}${ext}` : stem + ext;
            seen.add(stem + ext);
            return pathIn(opts.out!, name);
          });
          checkOutputFiles(paths, { refuseExisting: true, force: !!opts.force });
          docs.forEach((d, i) => {
            writeFileAtomic(paths[i]!, d.bytes);
            written.push(paths[i]!);
          });
        }
        if (opts.json) {
          writeStdout(JSON.stringify(docs.map((d, i) => ({ seq: d.seq, kind: d.kind, action: d.action, fileName: d.fileName, mediaType: d.mediaType, bytes: d.bytes.length, on: d.on, ...(opts.out ? { path: written[i] } : {}) })), null, 2));
          return;
        }
        if (docs.length === 0) {
          writeStdout(`申请 ${id} 尚无文书`);
          return;
        }
        const rows = docs.map((d, i) => [d.on, d.kind, ACTION_ZH[d.action as Action] ?? d.action, `${Math.ceil(d.bytes.length / 1024)} KB`, opts.out ? written[i]! : d.fileName]);
        writeStdout(table(['日期', '文书', '出具于', '大小', opts.out ? '已写入' : '文件名'], rows));
      });
    });
}

/** `pol wf init`: a new (or upgraded) workflow database. */
function addInit(wf: Command): void {
  wf
    .command('init')
    .description('新建一个空的工作流数据库（已存在的 pol 数据库则升级到本程序的结构版本）')
    .option(...dbOption)
    .option('--json', '以 JSON 输出')
    .option(...langOption)
    .action(async (opts: Common) => {
      await withStore(
        opts,
        async (store) => {
          if (opts.json) writeStdout(JSON.stringify({ db: store.location, ok: true }));
          else writeStdout(`工作流数据库 ${store.location} 已就绪`);
        },
        { create: true },
      );
    });
}

/** `pol wf verify`: the hash chains and ledger sums checked. */
function addVerify(wf: Command): void {
  wf
    .command('verify')
    .description('核验数据库：重算审计日志与台账的哈希链，并核对每份申请的状态、版本与台账合计。完整时退出码 0；否则退出码 1，指出第一处不符')
    .option(...dbOption)
    .option('--json', '以 JSON 输出核验报告')
    .option(...langOption)
    .action(async (opts: Common) => {
      const { verifyStore } = await import('../../workflow/verify.ts');
      process.exitCode = await withStore(opts, async (store) => {
        const r = await verifyStore(store);
        if (opts.json) writeStdout(JSON.stringify({ db: store.location, ...r }, null, 2));
        else if (r.ok) writeStdout(codedMessage('POL5138', [store.location, r.applications, r.auditRows, r.ledgerRows, r.auditHead.slice(0, 16)], langOf(opts.lang)));
        else {
          writeStderr(`pol: ${r.problems[0]!.code} ${r.problems[0]!.message}`);
          if (r.problems.length > 1) writeStderr(`pol: 另有 ${r.problems.length - 1} 处不符：\n${r.problems.slice(1, 10).map((p) => `  ${p.code} ${p.message}`).join('\n')}`);
        }
        return r.ok ? EXIT.ok : EXIT.input;
      });
    });
}

/** The audit log as a table. */
export function auditTable(entries: readonly AuditEntry[], label: (state: string) => string): string {
  const rows = entries.map((e) => [
    String(e.seq),
    e.on,
    e.by,
    e.unit,
    e.action === 'apply' ? '申报' : `${ACTION_ZH[e.action as Action] ?? e.action}`,
    `${e.from === null ? '—' : label(e.from)} → ${label(e.to)}`,
    e.amountFen === null ? '' : `${e.action === 'apply' ? '上限 ' : e.action === 'approve' ? '核定 ' : e.amountFen < 0 ? '冲回 ' : ''}${formatMoney(e.amountFen)}`,
    e.note ?? '',
  ]);
  return table(['序号', '日期', '经办人', '单位', '动作', '状态', '金额', '意见'], rows);
}
