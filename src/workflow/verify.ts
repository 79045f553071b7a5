/**
 * `pol wf verify`: recompute the hash chains of the audit log and the ledger, and cross-check every
 * application against them (DESIGN §7 "Tamper-evident"). Works through the Store interface only, a page
 * at a time, so it verifies any store the same way.
 *
 * What each tampering looks like here:
 * - a row edited (its trigger dropped first): its hash no longer matches its content (POL5134/POL5135);
 * - a row deleted: the next row's prevHash no longer links (or, for the last row, the application's version
 *   and state disagree with its audit rows, or its ledger sum with its granted amount);
 * - a row inserted: its link breaks the chain, or (appended with a correct hash) the cross-checks fail;
 * - an application's state or amount edited: it disagrees with its audit rows or its ledger (POL5136/POL5137).
 */
import { formatMessage, type Code, type MessageArg } from '../diagnostics/catalog.ts';
import { chainHash, encodeAudit, encodeLedger } from '../store/chain.ts';
import { GENESIS, type Store } from '../store/types.ts';
import { formatMoney } from '../values/money.ts';

export interface VerifyProblem {
  code: Code;
  args: MessageArg[];
  message: string;
  /** Where: audit or ledger row seq, or application id. */
  table: 'audit' | 'ledger' | 'applications';
  row: number | string;
}

export interface VerifyReport {
  ok: boolean;
  applications: number;
  auditRows: number;
  ledgerRows: number;
  /** The last hash of each chain (write it down elsewhere to detect a rewritten chain later). */
  auditHead: string;
  ledgerHead: string;
  /** In the order found; the first is the first row that fails. At most 100. */
  problems: VerifyProblem[];
}

const PAGE = 1000;
const MAX_PROBLEMS = 100;

interface PerApplication {
  auditRows: number;
  lastTo: string | undefined;
  /** amount by audit seq of approve/object rows */
  amounts: Map<number, number | null>;
  ledgerSum: number;
}

export async function verifyStore(store: Store): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const add = (table: VerifyProblem['table'], row: number | string, code: Code, args: MessageArg[]) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ code, args, message: formatMessage(code, args), table, row });
  };
  const apps = new Map<string, PerApplication>();
  const per = (id: string) => {
    let p = apps.get(id);
    if (!p) apps.set(id, (p = { auditRows: 0, lastTo: undefined, amounts: new Map(), ledgerSum: 0 }));
    return p;
  };

  let prev = GENESIS;
  let auditRows = 0;
  for (let after = 0; ; ) {
    const page = await store.scanAudit(after, PAGE);
    for (const e of page) {
      auditRows++;
      if (e.prevHash !== prev) add('audit', e.seq, 'POL5134', [e.seq, '与上一行不相连（其前有行被删除或插入）']);
      else if (chainHash(e.prevHash, encodeAudit(e)) !== e.hash) add('audit', e.seq, 'POL5134', [e.seq, '内容与其哈希不符（该行被改动）']);
      prev = e.hash;
      const p = per(e.applicationId);
      p.auditRows++;
      p.lastTo = e.to;
      if (e.action === 'approve' || e.action === 'object') p.amounts.set(e.seq, e.amountFen);
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.seq;
  }
  const auditHead = prev;

  prev = GENESIS;
  let ledgerRows = 0;
  for (let after = 0; ; ) {
    const page = await store.scanLedger(after, PAGE);
    for (const e of page) {
      ledgerRows++;
      if (e.prevHash !== prev) add('ledger', e.seq, 'POL5135', [e.seq, '与上一行不相连（其前有行被删除或插入）']);
      else if (chainHash(e.prevHash, encodeLedger(e)) !== e.hash) add('ledger', e.seq, 'POL5135', [e.seq, '内容与其哈希不符（该行被改动）']);
      else if (e.auditSeq > 0 && apps.get(e.applicationId)?.amounts.get(e.auditSeq) !== e.amountFen) {
        add('ledger', e.seq, 'POL5135', [e.seq, `金额 ${formatMoney(e.amountFen)} 没有对应的审计记录（审计第 ${e.auditSeq} 行）`]);
      }
      prev = e.hash;
      per(e.applicationId).ledgerSum += e.amountFen;
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.seq;
  }
  const ledgerHead = prev;

  let applications = 0;
  for (let after: string | undefined; ; ) {
    const page = await store.list({ ...(after !== undefined ? { after } : {}), limit: PAGE });
    for (const r of page) {
      applications++;
      const p = apps.get(r.id);
      apps.delete(r.id);
      if (!p || p.auditRows === 0) add('applications', r.id, 'POL5136', [r.id, '没有审计记录']);
      else if (p.auditRows !== r.version) add('applications', r.id, 'POL5136', [r.id, `版本为 ${r.version}，审计记录却有 ${p.auditRows} 行`]);
      else if (p.lastTo !== r.state) add('applications', r.id, 'POL5136', [r.id, `状态为“${r.state}”，审计日志最后一步却到“${p.lastTo}”`]);
      const granted = r.grantedFen ?? 0;
      if ((p?.ledgerSum ?? 0) !== granted) add('applications', r.id, 'POL5137', [r.id, formatMoney(p?.ledgerSum ?? 0), formatMoney(granted)]);
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.id;
  }
  for (const id of apps.keys()) add('applications', id, 'POL5136', [id, '审计日志或台账中有此申请，申请表中却没有']);

  return { ok: problems.length === 0, applications, auditRows, ledgerRows, auditHead, ledgerHead, problems };
}
