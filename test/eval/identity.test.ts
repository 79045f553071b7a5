/**
 * The 统一社会信用代码 warning (POL5127) that evaluate() reports: its message is the catalog's text with the id and
 * the reason, with and without explanations, whatever the id holds; a valid code (in any spelling) and a person
 * get none.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/eval/evaluate.ts';
import { formatMessage } from '../../src/diagnostics/catalog.ts';
import { canonicalApplicantId, usccProblem, withUsccCheck } from '../../src/values/uscc.ts';
import type { Application } from '../../src/eval/types.ts';
import { seed } from './support.ts';

const VALID = withUsccCheck('91440101MA5CXXXX0');
const app = (id: string, kind = 'enterprise'): Application => ({ date: '2025-03-01', applicant: { id, kind }, facts: {} }) as Application;
const warnings = (a: Application, explain: boolean) => evaluate(seed, a, { issued: '2024-01-01', explain }).diagnostics.filter((d) => d.code === 'POL5127');

describe('the applicant id warning', () => {
  it('words every wrong id as the catalog does, with and without explanations', () => {
    const ids = ['A1', 'A12345', 'A1', '', 'x'.repeat(300), `${VALID.slice(0, 17)}0`, `${VALID.slice(0, 17)}1`, 'I'.repeat(18), `9144010${'\u0000'}MA5CXXXX0X`, '𠀀'.repeat(9), '91440101ma5cxxxx0'];
    for (const id of ids) {
      const why = usccProblem(canonicalApplicantId(id));
      expect(why, id).toBeDefined();
      const want = [{ code: 'POL5127', severity: 'warning', message: formatMessage('POL5127', [id, why!]), path: 'applicant.id' }];
      expect(warnings(app(id), false), id).toStrictEqual(want);
      expect(warnings(app(id), true), id).toStrictEqual(want);
    }
  });

  it('has nothing to say of a valid code, however spelt, nor of a person', () => {
    for (const id of [VALID, VALID.toLowerCase(), ` ${VALID.slice(0, 9)} ${VALID.slice(9)} `, VALID.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))]) {
      expect(warnings(app(id), false), id).toEqual([]);
    }
    const person = { ...seed, kinds: [...seed.kinds, { code: 'person', title: '个人' }] } as typeof seed;
    expect(evaluate(person, app('A1', 'person'), { issued: '2024-01-01', explain: false }).diagnostics).toEqual([]);
  });

  it('reasons of each kind, checked by the character table', () => {
    expect(usccProblem('A1')).toBe('应为 18 位（收到 2 位）');
    expect(usccProblem('I'.repeat(18))).toBe('含有不允许的字符“I”（只能是数字和除 I、O、S、V、Z 以外的大写字母）');
    expect(usccProblem(`𠀀${VALID.slice(2)}`)).toBe('含有不允许的字符“𠀀”（只能是数字和除 I、O、S、V、Z 以外的大写字母）');
    const wrong = VALID[17] === '0' ? '1' : '0';
    expect(usccProblem(VALID.slice(0, 17) + wrong)).toBe(`校验位应为 ${VALID[17]}（收到 ${wrong}）`);
    expect(usccProblem(VALID)).toBeUndefined();
  });
});
