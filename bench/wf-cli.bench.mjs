// bench/wf-cli: what one `pol wf` command costs as a process, against the floor a program cannot go under.
//   (1) `pol wf act ID --action accept` (the step, its audit row and its document request; documents are
//       rendered on first request, not here) vs a bare `node` process that opens the same database and
//       commits one transaction. Target ≤ 2× (issue #9 item 8).
//   (2) `pol wf list --limit 100 --after ID --json` on a database of 100,000 applications vs a bare `node`
//       process that opens it and runs the same page's SELECT. Target ≤ 2× (issue #16 item 3). The same
//       page through the library (listApplications: views with deadlines and actors) vs the bare SELECT in
//       one process is printed too, and `wf show` at 100 and 100,000 applications (independent of N).
// Runs alternate (floor, pol, floor, pol …) and the figures are medians. `--strict`: exit 1 when a target
// is missed. WF_CLI_RUNS (default 9) and WF_CLI_N (default 100000) change the sizes. Runs the built dist/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CLI = resolve(root, 'dist/bin/pol.mjs');
const lib = await import(resolve(root, 'dist/src/index.js'));
const { fileBrandApplications } = await import('./wf-files.mjs');
const RUNS = Number(process.env.WF_CLI_RUNS ?? 9);
const N = Number(process.env.WF_CLI_N ?? 100_000);
const strict = process.argv.includes('--strict');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const env = { ...process.env, POL_NOW: '2025-12-31', POL_USER: 'bench', NO_COLOR: '1' };

function timed(args) {
  const t0 = performance.now();
  execFileSync(process.execPath, args, { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return performance.now() - t0;
}

/** A database with `n` applications: a few filed through the library, the rest copies made in SQL. */
async function database(dir, name, n) {
  const db = join(dir, `${name}.db`);
  const { graph } = lib.compile(readFileSync(resolve(root, 'dsl/guangzhou-cbec.pol'), 'utf8'), 'dsl/guangzhou-cbec.pol');
  const { ids } = await fileBrandApplications(db, graph, RUNS * 2 + 2);
  if (n > ids.length) {
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(db);
    raw.exec(`WITH RECURSIVE k(i) AS (SELECT ${ids.length + 1} UNION ALL SELECT i + 1 FROM k WHERE i < ${n})
      INSERT INTO applications SELECT i, '2025-' || printf('%06d', i), policy_sha, policy_id, benefit, workflow, applicant_id || '-' || i,
        applicant_name, applicant_kind, district, 'P-' || i, date, issued, application, state, since, publicity_from, publicity_until,
        ceiling_fen, granted_fen, version, filed_on, fingerprint || i, due FROM k, (SELECT * FROM applications WHERE seq = 1)`);
    raw.close();
  }
  return { db, ids };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pol-wf-cli-'));
  try {
    // (1) wf act vs a bare process committing one transaction
    const small = await database(dir, 'act', 0);
    const floorAct = join(dir, 'floor-act.mjs');
    writeFileSync(
      floorAct,
      `import Database from ${JSON.stringify(resolve(root, 'node_modules/better-sqlite3/lib/index.js'))};
const db = new Database(process.argv[2], { fileMustExist: true });
db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, a TEXT)');
db.transaction(() => db.prepare('INSERT INTO floor (a) VALUES (?)').run('x')).immediate();
db.close();\n`,
    );
    const act = [];
    const bare = [];
    for (let i = 0; i < RUNS; i++) {
      bare.push(timed([floorAct, small.db]));
      act.push(timed([CLI, 'wf', 'act', small.ids[i], '--as', '天河区政府', '--action', 'accept', '--at', '2025-03-04', '--db', small.db]));
    }
    const actRatio = median(act) / median(bare);

    // (2) wf list: one page of 100 among N applications
    const big = await database(dir, 'list', N);
    const after = `2025-${String(Math.floor(N / 2)).padStart(6, '0')}`;
    const floorList = join(dir, 'floor-list.mjs');
    writeFileSync(
      floorList,
      `import Database from ${JSON.stringify(resolve(root, 'node_modules/better-sqlite3/lib/index.js'))};
const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
const rows = db.prepare('SELECT * FROM applications WHERE seq > (SELECT seq FROM applications WHERE id = ?) ORDER BY seq LIMIT 100').all(process.argv[3]);
process.stdout.write(JSON.stringify(rows));
db.close();\n`,
    );
    const list = [];
    const bareList = [];
    for (let i = 0; i < RUNS; i++) {
      bareList.push(timed([floorList, big.db, after]));
      list.push(timed([CLI, 'wf', 'list', '--limit', '100', '--after', after, '--json', '--db', big.db]));
    }
    const listRatio = median(list) / median(bareList);

    // the same page in one process: the library's views vs the bare SELECT
    const store = await lib.openStore(big.db);
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(big.db, { readonly: true });
    const stmt = raw.prepare('SELECT * FROM applications WHERE seq > (SELECT seq FROM applications WHERE id = ?) ORDER BY seq LIMIT 100');
    await lib.listApplications(store, '2025-12-31', { after, limit: 100 });
    const inLib = [];
    const inBare = [];
    for (let i = 0; i < 50; i++) {
      let t0 = performance.now();
      stmt.all(after).map((r) => JSON.parse(r.application));
      inBare.push(performance.now() - t0);
      t0 = performance.now();
      await lib.listApplications(store, '2025-12-31', { after, limit: 100 });
      inLib.push(performance.now() - t0);
    }
    raw.close();
    await store.close();

    // wf show at a small and a big database
    const copy = join(dir, 'small-show.db');
    copyFileSync(small.db, copy);
    const showSmall = median(Array.from({ length: 3 }, () => timed([CLI, 'wf', 'show', small.ids.at(-1), '--json', '--db', copy])));
    const showBig = median(Array.from({ length: 3 }, () => timed([CLI, 'wf', 'show', `2025-${String(N).padStart(6, '0')}`, '--json', '--db', big.db])));

    const result = {
      bench: 'wf-cli',
      runs: RUNS,
      actMs: +median(act).toFixed(1),
      bareCommitProcessMs: +median(bare).toFixed(1),
      actRatio: +actRatio.toFixed(2),
      actTarget: 2,
      actMet: actRatio <= 2,
      applications: N,
      listPageMs: +median(list).toFixed(1),
      bareSelectProcessMs: +median(bareList).toFixed(1),
      listRatio: +listRatio.toFixed(2),
      listTarget: 2,
      listMet: listRatio <= 2,
      listInProcessMs: +median(inLib).toFixed(2),
      bareSelectInProcessMs: +median(inBare).toFixed(2),
      showMsSmallDb: +showSmall.toFixed(1),
      showMsBigDb: +showBig.toFixed(1),
    };
    console.log(
      `wf act (accept, one transaction, document recorded not rendered): ${result.actMs} ms vs bare node process committing one transaction ${result.bareCommitProcessMs} ms = ${result.actRatio}× (target ≤ 2×: ${result.actMet ? 'met' : 'MISSED'})\n` +
        `wf list --limit 100 --after (${N} applications): ${result.listPageMs} ms vs bare node process SELECTing the page ${result.bareSelectProcessMs} ms = ${result.listRatio}× (target ≤ 2×: ${result.listMet ? 'met' : 'MISSED'})\n` +
        `  in one process: listApplications ${result.listInProcessMs} ms vs bare SELECT + JSON.parse ${result.bareSelectInProcessMs} ms\n` +
        `wf show: ${result.showMsSmallDb} ms on ${small.ids.length} applications, ${result.showMsBigDb} ms on ${N}`,
    );
    console.log(JSON.stringify(result));
    if (strict && !(result.actMet && result.listMet)) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
