/**
 * The generated Python and Java against `evaluate`: for every policy in dsl/, 2,000 generated
 * applications (aimed at each benefit in turn) go through the generated module's own `main` in ONE
 * process per language (JSON Lines in, JSON Lines out), and every decision — eligibility, ceiling in
 * fen, cited measures — must equal `pol eval`'s. Skipped, with a message, where python3 or javac/java
 * is absent.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateApplication } from '../../src/eval/index.ts';
import { expectedDecision, javaClassName, toCode } from '../../src/export/index.ts';
import { applications } from './generate.ts';
import { compileFile, DSL, ISSUED, itemEdgeApplications } from './support.ts';

const PER_POLICY = 2_000;

const has = (cmd: string, arg = '--version') => spawnSync(cmd, [arg], { encoding: 'utf8' }).status === 0;
const PYTHON = has('python3');
const JAVA = has('javac', '-version') && has('java', '-version');
if (!PYTHON) console.warn('python3 not found: the generated Python is not run (install python3 to run it)');
if (!JAVA) console.warn('javac/java not found: the generated Java is not run (install a JDK 17 to run it)');

const dir = mkdtempSync(join(tmpdir(), 'pol-code-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Applications to a policy and pol's decisions for them. */
function batch(file: string, seed: number) {
  const graph = compileFile(file);
  const issued = graph.policy.issued ? undefined : ISSUED;
  const ids = graph.benefits.filter((b) => b.hasAmount).map((b) => b.id);
  const gens = ids.map((focus, i) => applications(graph, seed + i, { ...(issued ? { issued } : {}), focus }));
  const apps: Record<string, unknown>[] = [];
  const expected: unknown[] = [];
  // item lists: the hand-made edges of 付款方 = 申报人 and the date window too
  const extra = file === 'test/cases/reach/good/items.pol' ? itemEdgeApplications() : [];
  for (let i = 0; i < PER_POLICY + extra.length; i++) {
    const raw = i < PER_POLICY ? gens[i % gens.length]!() : extra[i - PER_POLICY]!;
    const v = validateApplication(graph, raw);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    apps.push(raw);
    expected.push(expectedDecision(graph, v.application, issued));
  }
  return { graph, issued, apps, expected };
}

function compare(out: string, expected: unknown[], apps: unknown[]): void {
  const lines = out.trim().split('\n');
  expect(lines.length).toBe(expected.length);
  let differing = 0;
  for (let i = 0; i < lines.length; i++) {
    const got = JSON.parse(lines[i]!) as unknown;
    if (JSON.stringify(got) !== JSON.stringify(expected[i])) {
      if (differing++ < 3) console.error(JSON.stringify({ app: apps[i], got, expected: expected[i] }));
    }
  }
  expect(differing).toBe(0);
}

// dsl/, the policy-level 汇率 and 取整至 after the caps, and item lists with 付款方 = 申报人 (#12)
const FILES = [...DSL, 'test/cases/reach/good/policy-figures.pol', 'test/cases/reach/good/items.pol', 'test/export/fixtures/items-outer.pol'];

/** Each policy's generated Java class (by class name), all compiled by ONE javac: a JVM start costs more than a class. */
// the client compiler only and the serial collector: half the CPU of the defaults for these short runs, same results
const JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
const JAVAC = JVM.map((o) => `-J${o}`);
const JAVA_OUT = join(dir, 'classes');
const javaSources = new Map<string, string>();
let javac: { status: number | null; stderr: string } | undefined;
function compileJava() {
  javac ??= (() => {
    const paths = [...javaSources].map(([cls, source]) => {
      const path = join(dir, `${cls}.java`);
      writeFileSync(path, source);
      return path;
    });
    return spawnSync('javac', [...JAVAC, '-Xlint:all', '-Werror', '-d', JAVA_OUT, ...paths], { encoding: 'utf8' });
  })();
  return javac;
}

describe.each(FILES.map((f, i) => [f, 9000 + i] as const))('generated code agrees with evaluate on %s', (file, seed) => {
  const { graph, issued, apps, expected } = batch(file, seed);
  const input = apps.map((a) => JSON.stringify(a)).join('\n') + '\n';
  const name = file.replace(/\W+/g, '_');
  const java = JAVA ? toCode(graph, 'java', issued ? { issued } : {}) : undefined;
  const cls = javaClassName(graph.policy.id);
  if (javaSources.has(cls)) throw new Error(`two policies give the Java class ${cls}: give them distinct ids`);
  if (java?.value) javaSources.set(cls, java.value);

  it.skipIf(!PYTHON)(`Python: ${apps.length} applications in one process, identical decisions`, () => {
    const r = toCode(graph, 'python', issued ? { issued } : {});
    expect(r.diagnostics).toEqual([]);
    const path = join(dir, `${name}.py`);
    writeFileSync(path, r.value!);
    const run = spawnSync('python3', [path], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(run.status, run.stderr).toBe(0);
    compare(run.stdout, expected, apps);
  }, 120_000);

  it.skipIf(!JAVA)(`Java: ${apps.length} applications in one process, identical decisions`, () => {
    expect(java!.diagnostics).toEqual([]);
    const c = compileJava();
    expect(c.status, c.stderr).toBe(0);
    const run = spawnSync('java', [...JVM, '-cp', JAVA_OUT, cls], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(run.status, run.stderr).toBe(0);
    compare(run.stdout, expected, apps);
  }, 180_000);
});

describe('the case harnesses of docs/export.md (examples/cases/)', () => {
  const graph = compileFile('dsl/guangzhou-cbec.pol');
  const work = join(dir, 'harness');

  it.skipIf(!PYTHON || !JAVA)('run_cases.py and RunCases.java pass every case of the seed', async () => {
    const { toCases } = await import('../../src/export/index.ts');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'cases.json'), JSON.stringify(toCases(graph, { issued: ISSUED, count: 20 }).value));
    writeFileSync(join(work, 'policy.py'), toCode(graph, 'python', { issued: ISSUED }).value!);
    writeFileSync(join(work, 'GzCbec2023.java'), toCode(graph, 'java', { issued: ISSUED }).value!);
    for (const f of ['run_cases.py', 'RunCases.java']) copyFileSync(join(__dirname, '../../examples/cases', f), join(work, f));
    const py = spawnSync('python3', ['run_cases.py'], { cwd: work, encoding: 'utf8' });
    expect(py.status, py.stdout + py.stderr).toBe(0);
    expect(py.stdout).toMatch(/^(\d+)\/\1 cases pass/m);
    const c = spawnSync('javac', [...JAVAC, 'GzCbec2023.java', 'RunCases.java'], { cwd: work, encoding: 'utf8' });
    expect(c.status, c.stderr).toBe(0);
    const java = spawnSync('java', [...JVM, 'RunCases'], { cwd: work, encoding: 'utf8' });
    expect(java.status, java.stdout + java.stderr).toBe(0);
    expect(java.stdout).toMatch(/^(\d+)\/\1 cases pass/m);
  }, 120_000);
});
