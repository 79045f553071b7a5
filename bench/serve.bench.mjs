// bench/serve: `pol serve` under load, on loopback only, bounded (a fixed amount of work and a hard stop).
//   (1) workflow: C concurrent clients (default 50) over keep-alive HTTP, each filing applications for one
//       of a few applicants (shared yearly caps: 100万元 per applicant), then accepting (天河区政府) and
//       approving 40万元 each (市商务局) — every approval beyond the cap must be refused with 409, and half the
//       accepts are sent twice at once with the same `version` (only one may land). Checked afterwards in
//       the store: zero doubled transitions (audit rows = version for every application, no step twice),
//       every applicant's ledger ≤ the cap, and the hash chains verify. Reports p50/p99 latency per route.
//   (2) evaluation: POST /api/v1/eval for a fixed time with C keep-alive clients, as requests/s and as a
//       ratio to a bare fastify route returning a constant, run in the same process the same way.
// Store: a temporary SQLite file, or BENCH_DB=postgres://… . Runs the built dist/ (npm run build).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dist = (p) => import(resolve(root, 'dist/src', p));
const { compile } = await dist('pipeline.js');
const { buildServer } = await dist('serve/app.js');
const { hashPassword } = await dist('serve/passwords.js');
const { openStore } = await dist('store/index.js');
const { verifyStore } = await dist('workflow/verify.js');
const { noDocuments } = await dist('workflow/documents.js');
const { withUsccCheck } = await dist('values/uscc.js');
const Fastify = (await import('fastify')).default;

const CLIENTS = Number(process.env.SERVE_BENCH_CLIENTS ?? 50);
const ROUNDS = Number(process.env.SERVE_BENCH_ROUNDS ?? 4); // applications per client
const APPLICANTS = Number(process.env.SERVE_BENCH_APPLICANTS ?? 10);
const EVAL_MS = Number(process.env.SERVE_BENCH_EVAL_MS ?? 3000);
const HARD_STOP_MS = 120_000;
const CAP_FEN = 100_000_000;
const PASSWORD = 'bench password';

const hardStop = setTimeout(() => {
  console.error('bench/serve: hard stop after 120 s');
  process.exit(2);
}, HARD_STOP_MS);
hardStop.unref();

const dir = mkdtempSync(join(tmpdir(), 'pol-serve-bench-'));
const location = process.env.BENCH_DB ?? join(dir, 'bench.db');
const store = await openStore(location, { create: true });
const seed = 'dsl/guangzhou-cbec.pol';
const graph = compile(readFileSync(join(root, seed), 'utf8'), seed).graph;
const hash = await hashPassword(PASSWORD);
const applicants = Array.from({ length: APPLICANTS }, (_, i) => withUsccCheck(`91440106MA5B${String(1000 + i)}00`.slice(0, 17)));
const users = [
  ...applicants.map((id, i) => ({ name: `企业${i}`, unit: null, role: 'applicant', applicantId: id })),
  { name: '天河初审', unit: '天河区政府', role: 'clerk', applicantId: null },
  { name: '商务审核', unit: '市商务局', role: 'reviewer', applicantId: null },
];
for (const u of users) await store.addUser({ ...u, passwordHash: hash });

const app = await buildServer({ store, policies: [{ graph, issued: '2024-01-01' }], documents: noDocuments, today: () => '2025-04-01', throttle: { free: 1000 } });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${app.server.address().port}`;

const latency = new Map();
async function call(route, method, path, body, token) {
  const t0 = performance.now();
  const r = await fetch(base + path, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await r.json();
  const ms = performance.now() - t0;
  if (!latency.has(route)) latency.set(route, []);
  latency.get(route).push(ms);
  return { status: r.status, json };
}
const tokens = {};
for (const u of users) tokens[u.name] = (await call('login', 'POST', '/api/v1/login', { user: u.name, password: PASSWORD })).json.token;

const statuses = {};
const count = (what, status) => {
  const k = `${what} ${status}`;
  statuses[k] = (statuses[k] ?? 0) + 1;
};

async function client(c) {
  const who = c % APPLICANTS;
  for (let r = 0; r < ROUNDS; r++) {
    const application = {
      date: '2025-03-03',
      applicant: { id: applicants[who], name: `广州天河某公司${who}`, kind: 'enterprise', district: '天河区' },
      project: `P-${c}-${r}`,
      facts: { 推广费用: 1_200_000 },
      lists: { 品牌出海企业: { member: true } },
    };
    const filed = await call('file', 'POST', '/api/v1/applications', { policy: 'gz-cbec-2023', benefit: '品牌推广扶持', application }, tokens[`企业${who}`]);
    count('file', filed.status);
    if (filed.status !== 201) continue;
    const id = filed.json.id;
    const accept = () => call('act', 'POST', `/api/v1/applications/${id}/actions`, { action: 'accept', version: 1 }, tokens['天河初审']);
    // every other application: the same accept twice at once (a double click, two offices): one lands
    const accepts = r % 2 ? await Promise.all([accept(), accept()]) : [await accept()];
    for (const a of accepts) count('accept', a.status);
    if (!accepts.some((a) => a.status === 200)) continue;
    const approved = await call('act', 'POST', `/api/v1/applications/${id}/actions`, { action: 'approve', amount: 400000, version: 2 }, tokens['商务审核']);
    count('approve', approved.status);
  }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
const workflowMs = performance.now() - t0;

// checks, in the store itself
let doubled = 0;
let overCap = 0;
for (const rec of await store.list()) {
  const log = await store.audit(rec.id);
  if (log.length !== rec.version) doubled++;
  const steps = log.map((e) => `${e.from}>${e.to}`);
  if (new Set(steps).size !== steps.length) doubled++;
}
for (const id of applicants) {
  const sum = (await store.ledger('gz-cbec-2023', id)).reduce((s, e) => s + e.amountFen, 0);
  if (sum > CAP_FEN) overCap++;
}
const verified = (await verifyStore(store)).ok;

// (2) evaluation throughput against a bare route, same concurrency, keep-alive
async function throughput(url, body) {
  let n = 0;
  const until = performance.now() + EVAL_MS;
  const loop = async () => {
    while (performance.now() < until) {
      const r = await fetch(url, body ? { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens['商务审核']}` }, body } : {});
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`status ${r.status}`);
      n++;
    }
  };
  const s = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, loop));
  return (n * 1000) / (performance.now() - s);
}
const bare = Fastify();
bare.get('/', async () => ({ ok: true }));
await bare.listen({ host: '127.0.0.1', port: 0 });
const bareRps = await throughput(`http://127.0.0.1:${bare.server.address().port}/`);
const evalBody = JSON.stringify({ policy: 'gz-cbec-2023', application: { date: '2025-03-03', applicant: { id: applicants[0], kind: 'enterprise', district: '天河区' }, project: 'P-E', facts: { 推广费用: 1_000_000 }, lists: { 品牌出海企业: { member: true } } } });
const evalRps = await throughput(`${base}/api/v1/eval`, evalBody);
await bare.close();
await app.close();
await store.close();
rmSync(dir, { recursive: true, force: true });

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const lat = Object.fromEntries([...latency].map(([k, xs]) => [k, { n: xs.length, p50: +pct(xs, 50).toFixed(1), p99: +pct(xs, 99).toFixed(1) }]));
console.log(`store: ${process.env.BENCH_DB ? 'PostgreSQL' : 'SQLite (temporary file)'}; ${CLIENTS} concurrent clients × ${ROUNDS} applications, ${APPLICANTS} applicants (100万元 yearly cap each)`);
console.log(`workflow: ${(workflowMs / 1000).toFixed(1)} s; responses ${JSON.stringify(statuses)}`);
for (const [k, v] of Object.entries(lat)) console.log(`  ${k.padEnd(6)} n=${v.n}  p50 ${v.p50} ms  p99 ${v.p99} ms`);
console.log(`checks: doubled transitions ${doubled}, applicants over the cap ${overCap}, chains verify ${verified}`);
console.log(`eval: ${evalRps.toFixed(0)} req/s; bare fastify route ${bareRps.toFixed(0)} req/s; ratio ${(evalRps / bareRps).toFixed(3)}`);
console.log(JSON.stringify({ bench: 'serve', clients: CLIENTS, statuses, latency: lat, doubled, overCap, verified, evalRps: Math.round(evalRps), bareRps: Math.round(bareRps), ratio: +(evalRps / bareRps).toFixed(3) }));
process.exitCode = doubled === 0 && overCap === 0 && verified ? 0 : 1;
