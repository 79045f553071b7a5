/**
 * What a rejection notice (不予支持通知书) states: the grounds, not the evaluator's trace. The
 * evaluator explains everything it looked at (conditions met, the ceiling it computed, the clause it
 * rests on, quoted); a decision letter states only why the application fails, in plain Chinese, each
 * clause cited once, and the applicant's remedies (行政复议 and 行政诉讼).
 */
import { measureCitation } from '../values/numerals.ts';

/** Quotes inside quotes become ‘’ (GB/T 15834: 引号里面还要用引号时，外面一层用双引号，里面一层用单引号). */
export function nestQuotes(text: string): string {
  let depth = 0;
  let out = '';
  for (const ch of text) {
    if (ch === '“') {
      out += depth === 0 ? '“' : '‘';
      depth++;
    } else if (ch === '”') {
      depth = Math.max(0, depth - 1);
      out += depth === 0 ? '”' : '’';
    } else out += ch;
  }
  return out;
}

/** Drop a leading quotation “…” that may itself contain quotes; returns the rest after it, or undefined. */
function afterQuote(text: string): string | undefined {
  if (!text.startsWith('“')) return undefined;
  let depth = 0;
  let i = 0;
  for (const ch of text) {
    i += ch.length;
    if (ch === '“') depth++;
    else if (ch === '”' && --depth === 0) return text.slice(i);
  }
  return undefined;
}

const CITE = /^依据(第[一二三四五六七八九十百零〇]+条)/;

/**
 * One evaluator reason as a ground of refusal: undefined when it is not one (a condition met, the
 * ceiling worked out); otherwise the plain reason with its clause in brackets, when it names another.
 */
export function groundOf(reason: string, ownCite: string): string | undefined {
  let r = reason.trim().replace(/[。；;]+$/, '');
  if (r.startsWith('符合条件')) return undefined;
  let cite: string | undefined;
  const m = CITE.exec(r);
  if (m) {
    cite = m[1];
    const rest = afterQuote(r.slice(m[0].length));
    if (rest === undefined) return r;
    if (rest.startsWith('，不予支持：')) r = rest.slice('，不予支持：'.length);
    else if (rest.startsWith('：')) {
      r = rest.slice(1);
      // the computation of an amount is not a ground, unless it ends in nothing to give
      if (!/不予|不重复|不属于|无可给予|不符合/.test(r)) return undefined;
    } else return undefined;
    // the first failure may itself cite a clause: "依据第十七条“…”：…"
    const inner = CITE.exec(r);
    if (inner) {
      const innerRest = afterQuote(r.slice(inner[0].length));
      if (innerRest?.startsWith('：')) {
        cite = inner[1];
        r = innerRest.slice(1);
      }
    }
  }
  // a condition's expression text ("首次入选(麒麟企业)") is the engine's, not the letter's
  r = r.replace(/^不符合条件“[^”]*”：/, '').replace(/^条件“([^”]*)”无法判断：/, '');
  r = r.replace(/（facts\.[^：）]*：([^）]*)）/g, '（$1）').replace(/（[a-z_]+）/g, '');
  // amounts the evaluator computed are not grounds
  r = r.replace(/，上限[\d.,]+万?元/g, '').replace(/（([^（）]*?)，上限[\d.,]+万?元）/g, '（$1）');
  r = r.replace(/[。；;]+$/, '');
  if (r === '') return undefined;
  return cite && cite !== ownCite ? `${r}（${cite}）` : r;
}

/** The grounds of a rejection, in order, each once. */
export function rejectionGrounds(reasons: string[], measure: string, extra: string[]): string[] {
  const own = measureCitation(measure);
  const out: string[] = [];
  for (const reason of reasons) {
    const g = groundOf(reason, own);
    if (g !== undefined) out.push(nestQuotes(g));
  }
  for (const e of extra) out.push(nestQuotes(e.replace(/[。；;]+$/, '')));
  return [...new Set(out)].map((g) => `${g}。`);
}

/**
 * 行政复议机关: the authority named in the options, else the people's government of the issuing
 * unit's city or district (a municipal department's reviewing authority under the 行政复议法 of 2023).
 */
export function reviewAuthority(issuer: string, given?: string): string {
  if (given && given.trim() !== '') return given.trim();
  const m = /^(.+?[市区县])/.exec(issuer);
  return m ? `${m[1]}人民政府` : '本级人民政府';
}

/** The remedies of a decision against the applicant (行政复议法 §20: 60 days; 行政诉讼法 §46: 6 months). */
export function remedyText(authority: string): string {
  return `如对本决定不服，可以自收到本通知书之日起六十日内向${authority}申请行政复议，或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。`;
}
