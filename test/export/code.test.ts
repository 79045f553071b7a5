/**
 * The generated Python and Java against `evaluate`: for every policy in dsl/, 2,000 generated
 * applications (aimed at each benefit in turn) go through the generated module's own `main` (JSON Lines
 * in, JSON Lines out), and every decision — eligibility, ceiling in fen, cited measures — must equal
 * `pol eval`'s. A process start costs more than a policy's run: ONE python3 runs every module's `main`
 * and then examples/cases/run_cases.py; ONE javac compiles every class with RunCases.java, and ONE JVM
 * runs every class's `main` and then RunCases (each `main` reads its own file as System.in and writes
 * its own as System.out). Skipped, with a message, where python3 or javac/java is absent.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateApplication } from '../../src/eval/index.ts';
import { expectedDecision, javaClassName, toCases, toCode } from '../../src/export/index.ts';
import { applications } from './generate.ts';
import { compileFile, DSL, ISSUED, itemEdgeApplications } from './support.ts';

const PER_POLICY = 2_000;

/** Which of the commands are on PATH (one shell, not a start of each tool). */
function onPath(...cmds: string[]): Set<string> {
  const r = spawnSync('sh', ['-c', cmds.map((c) => `command -v ${c} >/dev/null && echo ${c}`).join('; ')], { encoding: 'utf8' });
  return new Set(r.stdout.split('\n').filter(Boolean));
}
const tools = onPath('python3', 'javac', 'java');
const PYTHON = tools.has('python3');
const JAVA = tools.has('javac') && tools.has('java');
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

/** One policy's run: its applications (JSON Lines) in `input`, its module's or class's decisions to `output`. */
interface Run {
  module: string;
  input: string;
  output: string;
}
const pythonRuns: Run[] = [];
const javaRuns: Run[] = [];
const javaSources: string[] = [];

/** The seed's conformance cases and the harnesses of docs/export.md (examples/cases/), in their own folder. */
const HARNESS = join(dir, 'harness');
const SEED = 'dsl/guangzhou-cbec.pol';
function writeHarness(): void {
  const graph = compileFile(SEED);
  mkdirSync(HARNESS, { recursive: true });
  writeFileSync(join(HARNESS, 'cases.json'), JSON.stringify(toCases(graph, { issued: ISSUED, count: 20 }).value));
  writeFileSync(join(HARNESS, 'policy.py'), toCode(graph, 'python', { issued: ISSUED }).value!);
  for (const f of ['run_cases.py', 'RunCases.java']) copyFileSync(join(__dirname, '../../examples/cases', f), join(HARNESS, f));
}

/** Run each module's `main` on its files, then run_cases.py in the harness folder (its exit status printed). */
const PY_RUNNER = `import importlib.util, os, runpy, sys
runs = sys.argv[1:]
for i in range(0, len(runs), 3):
    spec = importlib.util.spec_from_file_location("policy_%d" % i, runs[i])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with open(runs[i + 1], encoding="utf-8") as stdin, open(runs[i + 2], "w", encoding="utf-8") as stdout:
        sys.stdin, sys.stdout = stdin, stdout
        try:
            module.main()
        finally:
            sys.stdin, sys.stdout = sys.__stdin__, sys.__stdout__
sys.path.insert(0, os.getcwd())
try:
    runpy.run_path("run_cases.py", run_name="__main__")
except SystemExit as e:
    print("run_cases.py exit status", e.code)
`;

/** Run each class's `main` on its files by reflection, then RunCases (whose System.exit ends the JVM). */
const JAVA_RUNNER = `import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public final class RunAll {
  private RunAll() {}

  public static void main(String[] args) throws Exception {
    InputStream stdin = System.in;
    PrintStream stdout = System.out;
    for (int i = 0; i + 2 < args.length; i += 3) {
      try (InputStream in = Files.newInputStream(Path.of(args[i + 1]));
          PrintStream out = new PrintStream(Files.newOutputStream(Path.of(args[i + 2])), false, StandardCharsets.UTF_8)) {
        System.setIn(in);
        System.setOut(out);
        Class.forName(args[i]).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        out.flush();
      } finally {
        System.setIn(stdin);
        System.setOut(stdout);
      }
    }
    Class.forName("RunCases").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
  }
}
`;

type Spawned = { status: number | null; stdout: string; stderr: string };

/** A run's output file; where there is none, the process's standard error says why. */
function outputOf(path: string, run: Spawned): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`no output ${path} (exit status ${run.status}): ${run.stderr}`);
  }
}

let python: Spawned | undefined;
/** The one python3 process, run once, when a test first needs it. */
function runPython(): Spawned {
  python ??= (() => {
    writeFileSync(join(dir, 'run_all.py'), PY_RUNNER);
    const args = pythonRuns.flatMap((r) => [r.module, r.input, r.output]);
    return spawnSync('python3', [join(dir, 'run_all.py'), ...args], { cwd: HARNESS, encoding: 'utf8' });
  })();
  return python;
}

// the client compiler only and the serial collector: half the CPU of the defaults for these short runs, same results
const JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
const JAVA_OUT = join(dir, 'classes');
let java: { javac: Spawned; run?: Spawned } | undefined;
/** The one javac (every class, RunCases.java, the runner) and the one JVM, run once, when a test first needs them. */
function runJava(): { javac: Spawned; run?: Spawned } {
  java ??= (() => {
    const runner = join(dir, 'RunAll.java');
    writeFileSync(runner, JAVA_RUNNER);
    const sources = [...javaSources, join(HARNESS, 'RunCases.java'), runner];
    const javac = spawnSync('javac', [...JVM.map((o) => `-J${o}`), '-Xlint:all', '-Werror', '-d', JAVA_OUT, ...sources], { encoding: 'utf8' });
    if (javac.status !== 0) return { javac };
    const args = javaRuns.flatMap((r) => [r.module, r.input, r.output]);
    return { javac, run: spawnSync('java', [...JVM, '-cp', JAVA_OUT, 'RunAll', ...args], { cwd: HARNESS, encoding: 'utf8' }) };
  })();
  return java;
}

writeHarness();

describe.each(FILES.map((f, i) => [f, 9000 + i] as const))('generated code agrees with evaluate on %s', (file, seed) => {
  const { graph, issued, apps, expected } = batch(file, seed);
  const input = join(dir, `${file.replace(/\W+/g, '_')}.jsonl`);
  writeFileSync(input, apps.map((a) => JSON.stringify(a)).join('\n') + '\n');
  const py = PYTHON ? toCode(graph, 'python', issued ? { issued } : {}) : undefined;
  const jv = JAVA ? toCode(graph, 'java', issued ? { issued } : {}) : undefined;
  const cls = javaClassName(graph.policy.id);
  if (javaRuns.some((r) => r.module === cls)) throw new Error(`two policies give the Java class ${cls}: give them distinct ids`);
  if (py?.value) {
    const module = join(dir, `${cls}.py`);
    writeFileSync(module, py.value);
    pythonRuns.push({ module, input, output: join(dir, `${cls}.py.out`) });
  }
  if (jv?.value) {
    // the seed's class goes to the harness folder, beside RunCases.java that uses it (one javac compiles both)
    const source = join(file === SEED ? HARNESS : dir, `${cls}.java`);
    writeFileSync(source, jv.value);
    javaSources.push(source);
    javaRuns.push({ module: cls, input, output: join(dir, `${cls}.java.out`) });
  }

  it.skipIf(!PYTHON)(`Python: ${apps.length} applications, identical decisions`, () => {
    expect(py!.diagnostics).toEqual([]);
    const run = runPython();
    expect(run.status, run.stderr).toBe(0);
    compare(outputOf(join(dir, `${cls}.py.out`), run), expected, apps);
  }, 120_000);

  it.skipIf(!JAVA)(`Java: ${apps.length} applications, identical decisions`, () => {
    expect(jv!.diagnostics).toEqual([]);
    const { javac, run } = runJava();
    expect(javac.status, javac.stderr).toBe(0);
    // (the JVM's exit status is RunCases's, below: a class that fails leaves its output short, and stderr says why)
    compare(outputOf(join(dir, `${cls}.java.out`), run!), expected, apps);
  }, 180_000);
});

describe('the case harnesses of docs/export.md (examples/cases/)', () => {
  it.skipIf(!PYTHON)('run_cases.py passes every case of the seed', () => {
    const run = runPython();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^(\d+)\/\1 cases pass/m);
    expect(run.stdout).toContain('run_cases.py exit status 0');
  });

  it.skipIf(!JAVA)('RunCases.java, compiled with the generated class, passes every case of the seed', () => {
    const { javac, run } = runJava();
    expect(javac.status, javac.stderr).toBe(0);
    expect(run!.status, run!.stdout + run!.stderr).toBe(0);
    expect(run!.stdout).toMatch(/^(\d+)\/\1 cases pass/m);
  });
});
