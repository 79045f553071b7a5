/** `pol users` and one real `pol serve` process on a SQLite file (the rest of the API is tested in-process). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { brandApp, PASSWORD, TIANHE_ID, tmp } from './helpers.ts';
import { addUser, http, login, startServe } from './process.ts';

describe('pol users', () => {
  it('adds (creating the database), lists, changes passwords and disables; refuses bad input with a message', () => {
    const db = join(tmp(), 'sub', 'pol.db');
    expect(addUser(db, '商务甲', '--unit', '市商务局').stdout).toContain('已添加用户 商务甲');
    expect(existsSync(db)).toBe(true);
    addUser(db, '天河企业', '--role', 'applicant', '--applicant-id', TIANHE_ID.toLowerCase());
    const list = JSON.parse(runCli(['users', 'list', '--db', db, '--json']).stdout);
    expect(list.map((u: { name: string; roles: string[]; applicantId: string | null }) => [u.name, u.roles, u.applicantId])).toEqual([
      ['商务甲', ['clerk'], null],
      ['天河企业', ['applicant'], TIANHE_ID],
    ]);
    const dup = runCli(['users', 'add', '商务甲', '--unit', '市商务局', '--db', db], { input: `${PASSWORD}\n` });
    expect([dup.status, dup.stderr]).toEqual([1, expect.stringContaining('POL8011')]);
    const short = runCli(['users', 'add', '乙', '--unit', '市商务局', '--db', db], { input: 'short\n' });
    expect(short.stderr).toContain('POL8013');
    const badId = runCli(['users', 'add', '丙', '--role', 'applicant', '--applicant-id', '91440106MA59TH0009', '--db', db], { input: `${PASSWORD}\n` });
    expect(badId.stderr).toContain('POL8015');
    expect(runCli(['users', 'passwd', '商务甲', '--db', db], { input: 'another password\n' }).status).toBe(0);
    expect(runCli(['users', 'disable', '没有', '--db', db]).stderr).toContain('POL8012');
    expect(runCli(['users', 'disable', '天河企业', '--db', db]).status).toBe(0);
    expect(runCli(['users', 'list', '--db', join(tmp(), 'none.db')]).status).toBe(1); // a read never creates a database
  });
});

describe('pol serve (a real process)', () => {
  it('serves on loopback, logs requests with ids, files and logs in, and stops on SIGTERM', async () => {
    const db = join(tmp(), 'pol.db');
    addUser(db, '天河企业', '--role', 'applicant', '--applicant-id', TIANHE_ID);
    const s = await startServe(db, ['--no-documents']);
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await http(s.url, 'GET', '/healthz')).json.ok).toBe(true);
      const token = await login(s.url, '天河企业');
      const filed = await http(s.url, 'POST', '/api/v1/applications', { policy: 'gz-cbec-2023', benefit: '品牌推广扶持', application: brandApp() }, token);
      expect(filed.status).toBe(201);
      expect((await http(s.url, 'GET', `/api/v1/applications/${filed.json.id}`)).status).toBe(401);
    } finally {
      expect(await s.stop()).toBe(0);
    }
    expect(s.stderr()).toMatch(/"reqId":"[0-9a-f]+"/);
    expect(s.stderr()).not.toContain(PASSWORD);
  }, 60_000);

  it('says so when bound beyond loopback, and refuses a database that does not exist', async () => {
    const db = join(tmp(), 'pol.db');
    addUser(db, '商务甲', '--unit', '市商务局');
    addUser(db, '别处', '--unit', '不存在局');
    const s = await startServe(db, ['--host', '0.0.0.0', '--quiet']);
    await s.stop();
    expect(s.stderr()).toContain('POL8017');
    expect(s.stderr()).toMatch(/POL8022: 用户“别处”的单位“不存在局”/);
    const r = runCli(['serve', '--db', join(tmp(), 'missing.db'), '--policy', 'dsl/guangzhou-cbec.pol', '--issued', 'gz-cbec-2023=2024-01-01']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('pol users add');
  }, 60_000);
});
