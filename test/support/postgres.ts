/**
 * A real PostgreSQL 15 for the tests: Debian's `postgresql` binaries, ONE cluster for the whole vitest run in a
 * temporary folder on a free loopback port, and a fresh database for every test that asks (`url(name)`).
 *
 * Creating a database and pol's schema in it costs a second or two, so the tests that only need an empty
 * store take a copy of one made once per run (`fresh(name)`); `url(name)` leaves the creating to the store.
 * Each connection is a PostgreSQL backend process to start (~40 ms of CPU), so a file keeps one connection for
 * its copies and one per database it runs its own SQL on (`query`), and closes them when done (`close()`).
 *
 * vitest's global setup (test/support/global-setup.ts) makes the folder and hands it to the workers
 * (`provide('postgresRoot')`); the first test file that needs PostgreSQL starts the cluster there (a lock
 * folder decides which worker, the others wait for it), so a run without PostgreSQL tests costs nothing. The
 * global teardown stops the cluster and removes the folder, whether the tests passed or failed.
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user (runuser).
 * Without the binaries the tests skip and say why.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the folder of the run's PostgreSQL cluster (test/support/global-setup.ts), started on first use */
    postgresRoot: string;
  }
}

const BIN = process.env.POL_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const ROOT_USER = process.getuid?.() === 0;
/** The run's empty, migrated pol database that `fresh` copies. */
const TEMPLATE = 'pol_template';

export interface PostgresServer {
  /** A URL for a database of this name, unique to the test file, that does not exist yet (the store creates it). */
  url(database: string): string;
  /**
   * A URL for a new database of this name, unique to the test file, with pol's schema already in it: a copy
   * of a database the store created and migrated once for the run (copying takes ~0.1 s, creating and
   * migrating ~1–2 s on a busy machine).
   */
  fresh(database: string): Promise<string>;
  /** Run SQL on the database at `url` (one of this file's), as someone with its password would: one connection per database. */
  query(url: string, sql: string): Promise<void>;
  /** End this file's connections (its stores are the tests' to close). */
  close(): Promise<void>;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresUnavailable(): string | undefined {
  if (!existsSync(join(BIN, 'initdb')) || !existsSync(join(BIN, 'pg_ctl'))) return `PostgreSQL 15 not found in ${BIN} (Debian package postgresql): PostgreSQL store tests skipped`;
  if (ROOT_USER && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root without a postgres user: PostgreSQL store tests skipped';
  return undefined;
}

const run = promisify(execFile);
function pgTool(cmd: string, args: string[]) {
  return ROOT_USER ? run('runuser', ['-u', 'postgres', '--', join(BIN, cmd), ...args]) : run(join(BIN, cmd), args);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Start the cluster in `root` (once per run): initdb without syncing, trust on loopback only, and a server
 * that never syncs either (a crash of the test machine loses only test data).
 */
async function startCluster(root: string): Promise<number> {
  const dir = join(root, 'pg');
  chmodSync(root, 0o755); // the postgres user (as root) reaches its folder through it
  mkdirSync(dir);
  chmodSync(dir, 0o700);
  if (ROOT_USER) execFileSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  await pgTool('initdb', ['-D', data, '-A', 'trust', '-U', 'pol', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  const port = await freePort();
  // it lives as long as the run: no autovacuum workers visiting each test database, WAL only for crash safety
  const settings = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'autovacuum=off', 'wal_level=minimal', 'max_wal_senders=0', 'max_connections=200', 'listen_addresses=127.0.0.1'];
  await pgTool('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} ${settings.map((s) => `-c ${s}`).join(' ')}`, 'start']);
  return port;
}

/** Stop the run's cluster, if one was started, and remove its folder (the global teardown). */
export function stopCluster(root: string): void {
  try {
    const data = join(root, 'pg', 'data');
    if (existsSync(join(data, 'postmaster.pid'))) {
      const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
      if (ROOT_USER) spawnSync('runuser', ['-u', 'postgres', '--', join(BIN, 'pg_ctl'), ...args], { stdio: 'pipe' });
      else spawnSync(join(BIN, 'pg_ctl'), args, { stdio: 'pipe' });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

let port: Promise<number> | undefined;

/** The port of the run's cluster: started by the first caller of the run (any worker), awaited by the rest. */
function clusterPort(): Promise<number> {
  port ??= (async () => {
    const { inject } = await import('vitest'); // not at the top: the global setup (main process) imports this file too
    const root = inject('postgresRoot');
    const ready = join(root, 'port');
    const failed = join(root, 'failed');
    let starter = false;
    try {
      mkdirSync(join(root, 'lock'));
      starter = true;
    } catch {
      // another worker is starting it
    }
    if (starter) {
      try {
        const p = await startCluster(root);
        // the run's template: an empty database the store created and migrated to the current schema
        const { openPostgresStore } = await import('../../src/store/postgres/index.ts');
        await (await openPostgresStore(`postgres://pol@127.0.0.1:${p}/${TEMPLATE}`, { create: true })).close();
        writeFileSync(`${ready}.tmp`, String(p));
        renameSync(`${ready}.tmp`, ready);
        return p;
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e); // execFile's message carries the tool's stderr
        writeFileSync(failed, why);
        throw new Error(`PostgreSQL did not start: ${why}`);
      }
    }
    for (const until = Date.now() + 90_000; Date.now() < until; ) {
      if (existsSync(ready)) return Number(readFileSync(ready, 'utf8'));
      if (existsSync(failed)) throw new Error(`PostgreSQL did not start: ${readFileSync(failed, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('PostgreSQL did not start within 90 s (started by another test file)');
  })();
  return port;
}

let files = 0;

/**
 * The run's PostgreSQL for one test file: its databases' names carry a prefix of their own (this worker's
 * process id and a count), so files never share a database, whichever worker runs them.
 */
export async function usePostgres(): Promise<PostgresServer> {
  const p = await clusterPort();
  const prefix = `f${process.pid}_${++files}`;
  const url = (database: string) => `postgres://pol@127.0.0.1:${p}/${prefix}_${database}`;
  const pg = (await import('pg')).default;
  const clients = new Map<string, Promise<import('pg').Client>>();
  /** This file's connection to the database at `at`, opened on first use. */
  const client = (at: string) => {
    let c = clients.get(at);
    if (!c) {
      const opened = new pg.Client({ connectionString: at });
      c = opened.connect().then(() => opened);
      clients.set(at, c);
    }
    return c;
  };
  return {
    url,
    async fresh(database) {
      // copied over the file's one connection to the server's own database (a copy's source has none open)
      const admin = await client(`postgres://pol@127.0.0.1:${p}/postgres`);
      await admin.query(`CREATE DATABASE "${prefix}_${database}" TEMPLATE "${TEMPLATE}" STRATEGY FILE_COPY`);
      return url(database);
    },
    async query(at, sql) {
      await (await client(at)).query(sql);
    },
    async close() {
      const open = [...clients.values()];
      clients.clear();
      await Promise.all(open.map(async (c) => (await c).end()));
    },
  };
}
