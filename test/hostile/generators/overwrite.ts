/**
 * Category 5, silent overwrite: no command writes over its own input or over a .pol, and documents
 * never replace an existing file unless --force. The harness checks every existing file is unchanged.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Ctx, type HostileCase, MINI, isFile } from '../harness.ts';

const POL = readFileSync(MINI, 'utf8');
const APP = JSON.stringify({
  date: '2024-06-01',
  applicant: { id: '91440101MA59TEXT0R', name: '某公司', kind: 'enterprise', district: '东区' },
  lists: { 重点企业: { member: true, firstTime: true } },
});

const refuse = (name: string, message: RegExp, args: (ctx: Ctx) => string[]): HostileCase => ({ name, expect: 'refuse', message, args });

export function overwriteCases(): HostileCase[] {
  const pol = (ctx: Ctx) => ctx.file('policy.pol', POL);
  return [
    refuse('compile -o the policy itself', /POL9010/, (ctx) => ['compile', pol(ctx), '-o', pol(ctx)]),
    refuse('compile -o another existing .pol', /POL9011/, (ctx) => ['compile', pol(ctx), '-o', ctx.file('other.pol', POL)]),
    refuse('compile --dump -o the policy through another path', /POL9010/, (ctx) => ['compile', pol(ctx), '--dump', '-o', join(ctx.in, '.', 'policy.pol')]),
    refuse('export -o the policy itself', /POL9010/, (ctx) => ['export', pol(ctx), '--format', 'graph', '-o', pol(ctx)]),
    refuse('export jsonlogic -o an existing .POL (upper case)', /POL9011/, (ctx) => ['export', pol(ctx), '--format', 'jsonlogic', '-o', ctx.file('OTHER.POL', POL)]),
    refuse('graph -o the policy itself', /POL9010/, (ctx) => ['graph', pol(ctx), '-o', pol(ctx)]),
    refuse('graph -o an existing .pol', /POL9011/, (ctx) => ['graph', pol(ctx), '--format', 'dot', '-o', ctx.file('x.pol', POL)]),
    refuse('compile -o a directory', /POL9013/, (ctx) => ['compile', pol(ctx), '-o', ctx.in]),
    refuse('eval --batch x.jsonl --out x.jsonl', /POL9010/, (ctx) => {
      const b = ctx.file('apps.jsonl', `${APP}\n`);
      return ['eval', pol(ctx), '--batch', b, '--out', b];
    }),
    refuse('eval --out the policy', /POL9010/, (ctx) => ['eval', pol(ctx), '--batch', ctx.file('apps.jsonl', `${APP}\n`), '--out', pol(ctx)]),
    refuse('doc -o a folder holding the same file', /POL9012/, (ctx) => {
      ctx.file('form-首次奖励.pdf', 'an earlier file');
      return ['doc', 'form', pol(ctx), '-b', '首次奖励', '-o', ctx.in];
    }),
    refuse('doc --format both where only the .docx exists (nothing written)', /POL9012/, (ctx) => {
      ctx.file('form-首次奖励.docx', 'an earlier file');
      return ['doc', 'form', pol(ctx), '-b', '首次奖励', '-o', ctx.in, '--format', 'both'];
    }),
    {
      name: 'doc -o out/ with an existing file and --force replaces it',
      expect: 'accept',
      mayChange: /form-首次奖励\.pdf$/,
      limitMs: 20_000,
      setup: (ctx) => {
        writeFileSync(join(ctx.out, 'form-首次奖励.pdf'), 'an earlier file');
      },
      args: (ctx) => ['doc', 'form', pol(ctx), '-b', '首次奖励', '-o', ctx.out, '--force'],
      check: (_, ctx) => readFileSync(join(ctx.out, 'form-首次奖励.pdf')).subarray(0, 5).toString() === '%PDF-',
    },
    {
      name: 'compile -o a new .json next to the policy is fine',
      expect: 'accept',
      args: (ctx) => ['compile', pol(ctx), '-o', join(ctx.out, 'graph.json')],
      check: (_, ctx) => isFile(join(ctx.out, 'graph.json')) && JSON.parse(readFileSync(join(ctx.out, 'graph.json'), 'utf8')).format === 'pol-graph/1',
    },
  ];
}
