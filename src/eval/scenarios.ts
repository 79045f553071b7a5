/**
 * Scenario tests in the policy's own terms (in the spirit of OpenFisca's YAML tests and Catala's test
 * scopes): `dsl/<name>.scenarios.yaml` beside `dsl/<name>.pol` lists applications and what the policy
 * must decide for them, in yuan. Run by `pol test FILE.pol` and by `npm test`.
 *
 * ```yaml
 * issued: 2024-01-01            # issuance date for every scenario (a draft has none)
 * defaults:                     # merged into every application
 *   applicant: { id: "91440101MA59XXXXXA", name: 广州某科技有限公司, kind: enterprise }
 * scenarios:
 *   - name: 推广费用的50%恰为年度上限
 *     rule: 每企业每年上限含本数      # which rule of the policy it exercises (free text)
 *     application: { date: 2025-03-01, facts: { 推广费用: 2000000 }, lists: { 品牌出海企业: { member: true } } }
 *     expect:
 *       品牌推广扶持: 1000000          # eligible, ceiling 1,000,000 yuan (or "100万元")
 *       仓储租金补助: 不符合            # not eligible (or false)
 *       麒麟企业奖励: { eligible: false, reasons: [未入选] }   # reason fragments must appear
 * ```
 * A scenario may instead expect the application to be refused: `expectInputErrors: [facts.推广费用]`,
 * or evaluation to stop: `expectError: --issued` (a fragment of the message).
 */
import { parse as parseYaml } from 'yaml';
import type { Graph } from '../ir/schema.ts';
import { readMoney, isLiteralError } from '../syntax/literals.ts';
import { evaluate, validityWindow } from './evaluate.ts';
import { validateApplication } from './schema.ts';
import type { EvalResult, GrantRecord } from './types.ts';
import { formatMoney, yuanToFen } from '../values/money.ts';

export interface Expectation {
  eligible?: boolean;
  ceilingFen?: number;
  reasons?: string[];
}

export interface Scenario {
  name: string;
  rule?: string;
  issued?: string;
  application: Record<string, unknown>;
  ledger?: GrantRecord[];
  expect: Record<string, Expectation>;
  expectInputErrors?: string[];
  expectError?: string;
}

export interface ScenarioFile {
  scenarios: Scenario[];
  errors: string[];
}

export interface ScenarioOutcome {
  name: string;
  rule?: string;
  ok: boolean;
  /** What differed: one line per mismatch, expected vs actual. */
  failures: string[];
}

export interface ScenarioReport {
  file: string;
  passed: number;
  failed: number;
  outcomes: ScenarioOutcome[];
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function merge(a: unknown, b: unknown): unknown {
  if (isObj(a) && isObj(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
    return out;
  }
  return b === undefined ? a : b;
}

/** Yuan in a scenario: 1000000, 999999.99, "100万元", "999999.99元". */
function yuanOf(x: unknown): number | undefined {
  if (typeof x === 'number') return yuanToFen(x);
  if (typeof x === 'string') {
    const s = x.trim();
    if (/^\d+(\.\d{1,2})?$/.test(s)) return yuanToFen(Number(s));
    const m = readMoney(s.endsWith('元') ? s : `${s}元`);
    if (!isLiteralError(m) && m.type === 'money' && m.currency === 'CNY') return m.fen;
  }
  return undefined;
}

const NOT = new Set(['不符合', 'ineligible', 'no', '否']);

function expectation(x: unknown, where: string, errors: string[]): Expectation | undefined {
  if (x === false || (typeof x === 'string' && NOT.has(x.trim()))) return { eligible: false };
  if (isObj(x)) {
    const e: Expectation = {};
    if (x.eligible !== undefined) {
      if (typeof x.eligible !== 'boolean') errors.push(`${where}.eligible: 应为 true 或 false`);
      else e.eligible = x.eligible;
    }
    const c = x.ceiling ?? x.ceilingYuan;
    if (c !== undefined) {
      const fen = yuanOf(c);
      if (fen === undefined) errors.push(`${where}.ceiling: 应为以元为单位的金额，如 1000000 或 "100万元"`);
      else e.ceilingFen = fen;
    }
    if (x.reasons !== undefined) {
      if (!Array.isArray(x.reasons) || !x.reasons.every((r) => typeof r === 'string')) errors.push(`${where}.reasons: 应为理由片段的列表`);
      else e.reasons = x.reasons as string[];
    }
    return e;
  }
  const fen = yuanOf(x);
  if (fen !== undefined) return { eligible: true, ceilingFen: fen };
  errors.push(`${where}: 应为上限金额（元，如 1000000 或 "100万元"）、“不符合”，或 {eligible, ceiling, reasons}`);
  return undefined;
}

/** Read a scenario file's text; problems with the file itself are listed in `errors`. */
export function parseScenarios(text: string, graph: Graph): ScenarioFile {
  const errors: string[] = [];
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return { scenarios: [], errors: [`不是有效的 YAML：${(e as Error).message}`] };
  }
  if (!isObj(doc) || !Array.isArray(doc.scenarios)) return { scenarios: [], errors: ['应有 scenarios: 列表'] };
  const benefits = new Set(graph.benefits.filter((b) => b.hasAmount).map((b) => b.id));
  const defaults = isObj(doc.defaults) ? doc.defaults : {};
  const issued = typeof doc.issued === 'string' ? doc.issued : undefined;
  const scenarios: Scenario[] = [];
  doc.scenarios.forEach((s: unknown, i: number) => {
    const where = `scenarios[${i}]`;
    if (!isObj(s) || typeof s.name !== 'string') {
      errors.push(`${where}: 应有 name 与 application`);
      return;
    }
    const expect: Record<string, Expectation> = {};
    if (s.expect !== undefined && !isObj(s.expect)) errors.push(`${where}.expect: 应为 {扶持项目: 期望}`);
    for (const [b, x] of Object.entries(isObj(s.expect) ? s.expect : {})) {
      const ref = graph.benefits.find((x) => x.id === b && !x.hasAmount);
      if (ref) {
        // a benefit by reference (参照): its eligibility and reasons can be expected, never an amount
        const e = expectation(x, `${where}（${s.name}）.expect.${b}`, errors);
        if (e?.ceilingFen !== undefined) {
          errors.push(`${where}（${s.name}）.expect.${b}: 扶持项目“${b}”按参照（${ref.reference ?? '未写明'}）给予支持，本政策未规定金额，不能期望上限；可写 { eligible: true }`);
        } else if (e) expect[b] = e;
        continue;
      }
      if (!benefits.has(b)) {
        errors.push(`${where}（${s.name}）.expect: 政策中没有有金额的扶持项目“${b}”（有：${[...benefits].join('、')}）`);
        continue;
      }
      const e = expectation(x, `${where}（${s.name}）.expect.${b}`, errors);
      if (e) expect[b] = e;
    }
    scenarios.push({
      name: s.name,
      ...(typeof s.rule === 'string' ? { rule: s.rule } : {}),
      // `issued: null` in a scenario: no issuance date even if the file gives one
      ...(s.issued === null ? {} : typeof s.issued === 'string' ? { issued: s.issued } : issued ? { issued } : {}),
      application: merge(defaults, s.application ?? {}) as Record<string, unknown>,
      ...(Array.isArray(s.ledger) ? { ledger: s.ledger as GrantRecord[] } : {}),
      expect,
      ...(Array.isArray(s.expectInputErrors) ? { expectInputErrors: s.expectInputErrors.map(String) } : {}),
      ...(typeof s.expectError === 'string' ? { expectError: s.expectError } : {}),
    });
  });
  return { scenarios, errors };
}

function showResult(r: EvalResult | undefined): string {
  if (!r) return '没有结果';
  return r.eligible ? `符合、上限 ${formatMoney(r.ceilingFen)}` : '不符合';
}

/** Run one scenario against the policy. */
export function runScenario(graph: Graph, s: Scenario): ScenarioOutcome {
  const failures: string[] = [];
  const done = () => ({ name: s.name, ...(s.rule ? { rule: s.rule } : {}), ok: failures.length === 0, failures });
  const v = validateApplication(graph, s.application);
  if (s.expectInputErrors) {
    if (v.ok) failures.push(`期望申报数据被拒（${s.expectInputErrors.join('、')}），实际通过了校验`);
    else {
      for (const p of s.expectInputErrors) {
        if (!v.errors.some((e) => e.path === p)) failures.push(`期望字段 ${p} 报错，实际报错的字段：${v.errors.map((e) => e.path).join('、')}`);
      }
    }
    return done();
  }
  if (!v.ok) {
    failures.push(`申报数据有误：${v.errors.map((e) => `${e.path}: ${e.message}`).join('；')}`);
    return done();
  }
  const { error } = validityWindow(graph, s.issued);
  if (s.expectError !== undefined) {
    const out = error ? undefined : evaluate(graph, v.application, { ...(s.issued ? { issued: s.issued } : {}), ...(s.ledger ? { ledger: s.ledger } : {}) });
    const msg = error ?? out?.diagnostics.find((d) => d.severity === 'error')?.message;
    if (!msg) failures.push(`期望评估报错（含“${s.expectError}”），实际正常评估`);
    else if (!msg.includes(s.expectError)) failures.push(`期望错误信息含“${s.expectError}”，实际为：${msg}`);
    return done();
  }
  if (error) {
    failures.push(error);
    return done();
  }
  const out = evaluate(graph, v.application, { ...(s.issued ? { issued: s.issued } : {}), ...(s.ledger ? { ledger: s.ledger } : {}), referenced: true });
  for (const [b, e] of Object.entries(s.expect)) {
    const byRef = out.referenced?.find((x) => x.benefit === b);
    const r = out.results.find((x) => x.benefit === b) ?? (byRef && { ...byRef, ceilingFen: 0, trace: [] });
    const want =
      e.eligible === false ? '不符合' : e.ceilingFen !== undefined ? `符合、上限 ${formatMoney(e.ceilingFen)}` : e.eligible ? '符合' : undefined;
    const eligibleWrong = e.eligible !== undefined && r?.eligible !== e.eligible;
    const ceilingWrong = e.ceilingFen !== undefined && r?.ceilingFen !== e.ceilingFen;
    if (!r || eligibleWrong || ceilingWrong) {
      failures.push(`${b}：期望 ${want}，实际 ${showResult(r)}${r?.reasons.length ? `\n    理由：${r.reasons.join(' ')}` : ''}`);
      continue;
    }
    for (const frag of e.reasons ?? []) {
      if (!r.reasons.some((x) => x.includes(frag))) failures.push(`${b}：理由中应含“${frag}”，实际理由：${r.reasons.join(' ')}`);
    }
  }
  return done();
}

export function runScenarioFile(graph: Graph, file: string, text: string): ScenarioReport & { errors: string[] } {
  const { scenarios, errors } = parseScenarios(text, graph);
  const outcomes = scenarios.map((s) => runScenario(graph, s));
  const failed = outcomes.filter((o) => !o.ok).length;
  return { file, passed: outcomes.length - failed, failed, outcomes, errors };
}

/** The report as a person reads it. */
export function reportText(r: ScenarioReport & { errors: string[] }): string {
  const lines = [`${r.file}：${r.outcomes.length} 个场景`];
  for (const e of r.errors) lines.push(`  ! 场景文件有误：${e}`);
  for (const o of r.outcomes) {
    lines.push(`  ${o.ok ? '✓' : '✗'} ${o.name}${o.rule ? `〔${o.rule}〕` : ''}`);
    for (const f of o.failures) lines.push(`      ${f}`);
  }
  lines.push(`通过 ${r.passed}，失败 ${r.failed}${r.errors.length ? `，场景文件错误 ${r.errors.length}` : ''}`);
  return lines.join('\n') + '\n';
}
