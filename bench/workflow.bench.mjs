// bench/workflow: workflow transitions per second with the audit log, in the embedded SQLite store (one
// file, WAL, synchronous=FULL, one BEGIN IMMEDIATE transaction per transition: compare-and-set update of
// the application + one audit line). A transition is the library's `act(store, id, accept)`: read the
// application and its policy, decide with the state machine, check the unit, commit.
//   (1) one process, N transitions;
//   (2) two processes on disjoint halves (they contend only for the write lock);
//   (3) two processes racing for the same N applications: exactly one wins each, the other is told the
//       state changed (counted and checked);
// baseline in the same run: bare one-row INSERT transactions into a file with the same settings, one
// process — the cost of a durable commit on this disk. Filing (evaluate + insert + audit) is reported too.
// Steps render no documents (they are rendered on first request: the documents bench's cost). Runs the built dist/.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const lib = await import(resolve(root, 'dist/src/index.js'));
const { fileBrandApplications } = await import('./wf-files.mjs');
const N = Number(process.env.WF_BENCH_N ?? 2000);
const TODAY = '2025-03-04';
const ROUNDS = 3;

if (process.argv[2] === '--worker') await worker(process.argv[3], JSON.parse(process.argv[4]));
else await main();

/** A child: act on the ids it is given, report successes and refusals. */
async function worker(db, ids) {
  const store = await lib.openStore(db);
  await new Promise((r) => process.once('message', r)); // start together
  let ok = 0;
  const refused = {};
  const t0 = performance.now();
  for (const id of ids) {
    try {
      await lib.act(store, id, { as: '天河区政府', action: 'accept' }, { today: TODAY, by: `bench-${process.pid}` });
      ok++;
    } catch (e) {
      if (!(e instanceof lib.WorkflowError)) throw e;
      refused[e.code] = (refused[e.code] ?? 0) + 1;
    }
  }
  const ms = performance.now() - t0;
  store.close();
  process.send({ ok, refused, ms });
}

function runWorkers(db, idLists) {
  const children = idLists.map((ids) => fork(fileURLToPath(import.meta.url), ['--worker', db, JSON.stringify(ids)], { stdio: 'inherit' }));
  return new Promise((resolveAll, reject) => {
    const results = [];
    let t0 = 0;
    let ready = 0;
    for (const c of children) {
      c.on('error', reject);
      c.once('spawn', () => {
        if (++ready === children.length) {
          // give both time to open the store, then start them at once
          setTimeout(() => {
            t0 = performance.now();
            for (const x of children) x.send('go');
          }, 300);
        }
      });
      c.on('message', (m) => {
        results.push(m);
        if (results.length === children.length) resolveAll({ results, wallMs: performance.now() - t0 });
      });
    }
  });
}

function fileApplications(db, graph) {
  return fileBrandApplications(db, graph, N);
}

async function baseline(dir, name) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dir, `baseline-${name}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO t (a, b) VALUES (?, ?)');
  const tx = db.transaction((i) => insert.run(`row-${i}`, i)).immediate;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) tx(i);
  const perSec = N / ((performance.now() - t0) / 1000);
  db.close();
  return perSec;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pol-wf-bench-'));
  try {
    const { graph } = lib.compile(readFileSync(resolve(root, 'dsl/guangzhou-cbec.pol'), 'utf8'), 'dsl/guangzhou-cbec.pol');
    // The disk's speed drifts with other work on the machine: rounds alternate the baseline and the
    // transitions, and the figures are medians (the ratio is the median of the per-round ratios).
    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      const insert = await baseline(dir, `r${round}`);
      const db = join(dir, `one-${round}.db`);
      const filed = await fileApplications(db, graph);
      const store = await lib.openStore(db);
      const t0 = performance.now();
      for (const id of filed.ids) await lib.act(store, id, { as: '天河区政府', action: 'accept' }, { today: TODAY, by: 'bench' });
      const perSec = N / ((performance.now() - t0) / 1000);
      const audit = (await store.audit(filed.ids[0])).length;
      store.close();
      if (audit !== 2) throw new Error(`expected 2 audit lines, found ${audit}`);
      rounds.push({ insert, perSec, filing: filed.perSec, ratio: perSec / insert });
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const insertPerSec = median(rounds.map((r) => r.insert));
    const onePerSec = median(rounds.map((r) => r.perSec));
    const filed = { perSec: median(rounds.map((r) => r.filing)) };

    // the pure machine alone, for scale
    const m = lib.machineForBenefit(graph, '品牌推广扶持');
    const t0 = performance.now();
    for (let i = 0; i < 200_000; i++) lib.transition(m, { state: '初审', since: '2025-03-03', publicity: null, grantedFen: null }, 'accept', TODAY);
    const machinePerSec = 200_000 / ((performance.now() - t0) / 1000);

    // (2) two processes, disjoint halves
    const two = join(dir, 'two.db');
    const ids2 = (await fileApplications(two, graph)).ids;
    const disjoint = await runWorkers(two, [ids2.filter((_, i) => i % 2 === 0), ids2.filter((_, i) => i % 2 === 1)]);
    const disjointOk = disjoint.results.reduce((s, r) => s + r.ok, 0);
    if (disjointOk !== N) throw new Error(`disjoint: ${disjointOk} of ${N} transitions succeeded`);
    const disjointPerSec = N / (disjoint.wallMs / 1000);

    // (3) two processes racing for the same applications
    const race = join(dir, 'race.db');
    const ids3 = (await fileApplications(race, graph)).ids;
    const raced = await runWorkers(race, [ids3, ids3]);
    const raceOk = raced.results.reduce((s, r) => s + r.ok, 0);
    const refusals = {};
    for (const r of raced.results) for (const [k, v] of Object.entries(r.refused)) refusals[k] = (refusals[k] ?? 0) + v;
    const raceRefused = Object.values(refusals).reduce((s, v) => s + v, 0);
    if (raceOk !== N || raceRefused !== N) throw new Error(`race: ${raceOk} won and ${raceRefused} refused of ${N}`);
    const check = await lib.openStore(race);
    for (const id of ids3.slice(0, 50)) if ((await check.audit(id)).length !== 2) throw new Error(`race: ${id} does not have exactly 2 audit lines`);
    check.close();
    const racePerSec = N / (raced.wallMs / 1000);

    const result = {
      bench: 'workflow',
      transitions: N,
      synchronous: 'FULL',
      bareInsertTxPerSec: Math.round(insertPerSec),
      filingsPerSec: Math.round(filed.perSec),
      transitionsPerSec: Math.round(onePerSec),
      transitionVsInsert: +median(rounds.map((r) => r.ratio)).toFixed(2),
      rounds: ROUNDS,
      twoProcessesDisjointPerSec: Math.round(disjointPerSec),
      twoProcessesRacingPerSec: Math.round(racePerSec),
      raceWon: raceOk,
      raceRefused: refusals,
      machineOnlyPerSec: Math.round(machinePerSec),
    };
    console.log(
      `${N} transitions (accept: read, decide, compare-and-set update + audit line, one transaction each; WAL, synchronous=FULL)\n` +
        `baseline, bare one-row INSERT transactions: ${result.bareInsertTxPerSec}/s\n` +
        `one process: ${result.transitionsPerSec} transitions/s = ${result.transitionVsInsert}× the bare INSERT rate (medians of ${ROUNDS} alternating rounds)\n` +
        `two processes, disjoint applications: ${result.twoProcessesDisjointPerSec} transitions/s together (${(disjointPerSec / insertPerSec).toFixed(2)}× bare INSERT)\n` +
        `two processes racing for the same ${N}: ${result.twoProcessesRacingPerSec} transitions/s; ${raceOk} won, refused ${JSON.stringify(refusals)} (POL5103 state changed under it, POL5101 already moved on)\n` +
        `filing (validate + evaluate + insert + audit): ${result.filingsPerSec}/s; the state machine alone: ${(machinePerSec / 1e6).toFixed(2)}M transitions/s`,
    );
    console.log(JSON.stringify(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
