/**
 * From a template's output to the document model.
 *
 * Templates write a small line-based markup (one block per line, `::directive text`); this module
 * parses it into blocks. Data never passes through that parser: before rendering, every string of the
 * view is replaced by an opaque token (a private-use character pair around its index), so a value
 * containing `::title`, `|`, a newline, `{{`, `<script>` or `__proto__` cannot make or change a block.
 * The tokens are swapped back for the original strings only after the structure is parsed, and the
 * writers receive them as plain text.
 *
 * Directives (one per line; blank lines ignored; a line with no directive is an indented paragraph):
 *
 * | directive | block |
 * |---|---|
 * | `::mark TEXT` | 发文机关标志 (red), 文件 format |
 * | `::letterhead TEXT` | 发文机关标志 of the 信函 (letter) format, followed by its double red rule |
 * | `::number TEXT` | 发文字号 (centered; flush right in a letter) |
 * | `::rule [red\|black]` | a rule across the text block |
 * | `::title TEXT` / `::subtitle TEXT` | title lines |
 * | `::to TEXT` | 主送机关 |
 * | `::h1` `::h2` `::h3 TEXT` | headings 一、 （一） 1. |
 * | `::p TEXT` / `::np TEXT` | paragraph with / without the 2-character indent |
 * | `::center TEXT` / `::right TEXT` / `::bold TEXT` | aligned or bold paragraph |
 * | `::table 2,5,3 [header=1] [align=lcr] [fixed] [nowrap=0,2]` … `::row a \| b \| c` … `::endtable` | table; a row with one cell spans all columns |
 * | `::sign UNIT \| DATE [\| noseal]` | 署名, 成文日期 and seal area |
 * | `::attach TEXT` | 附件 label on an attachment page |
 * | `::note TEXT` | 附注 under the date (kept with the signature) |
 * | `::colophon CC \| OFFICE \| DATE` | 版记 on the last page (CC may be empty) |
 * | `::space N` / `::break` | N empty lines / page break |
 */
import type { Align, Block, DocKind, DocModel, Layout } from './model.ts';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const TOKEN = /\uE000(\d+)\uE001/g;

/** A template's output could not be parsed: a bug in the template, reported with its line. */
export class TemplateError extends Error {
  constructor(
    readonly template: string,
    readonly line: number,
    message: string,
  ) {
    super(`${template}: line ${line}: ${message}`);
  }
}

export interface Tokenized {
  /** The view with every non-empty string replaced by a token. */
  view: unknown;
  /** Token index → original string. */
  strings: string[];
}

/**
 * Replace every non-empty string of a view by a token. Objects are rebuilt from their own enumerable
 * keys, so keys like `__proto__` stay plain data.
 */
export function tokenize(view: unknown): Tokenized {
  const strings: string[] = [];
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (v === '') return v;
      strings.push(v);
      return `${OPEN}${strings.length - 1}${CLOSE}`;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      // own data properties only; defineProperty keeps a key like __proto__ a plain key (an assignment
      // would set the prototype). Not a null-prototype object: Handlebars compares contexts with != .
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        Object.defineProperty(out, key, { value: walk((v as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return v;
  };
  return { view: walk(view), strings };
}

/** Put the original strings back (with line ends normalised to \n). */
export function detokenize(text: string, strings: readonly string[]): string {
  return text.replace(TOKEN, (_, i: string) => {
    const s = strings[Number(i)];
    if (s === undefined) throw new Error(`unknown token ${i}`);
    return s.replace(/\r\n?/g, '\n');
  });
}

const ALIGN: Record<string, Align> = { l: 'left', c: 'center', r: 'right', j: 'justify' };

/** Parse a template's output into the model. `template` names the template in errors. */
export function parseMarkup(output: string, strings: readonly string[], meta: { kind: DocKind; template: string }): DocModel {
  let layout: Layout | undefined;
  let letter = false;
  let title = '';
  const blocks: Block[] = [];
  let table: Extract<Block, { type: 'table' }> | undefined;
  let tableLine = 0;
  // ASCII trimming only: a leading full-width space (　) is layout (附件说明 lines align under the first name)
  const trim = (s: string): string => s.replace(/^[ \t\r]+|[ \t\r]+$/g, '');
  const text = (s: string): string => detokenize(trim(s), strings);
  /** One block per line of the value: a newline inside data starts another paragraph of the same style. */
  const lines = (s: string): string[] => text(s).split('\n').map(trim).filter((x) => x.trim() !== '');
  const para = (s: string, indent: boolean, align: Align, bold = false): void => {
    for (const t of lines(s)) blocks.push({ type: 'paragraph', text: t, indent, align, ...(bold ? { bold } : {}) });
  };

  output.split('\n').forEach((raw, i) => {
    const lineNo = i + 1;
    const line = trim(raw);
    if (line === '') return;
    const fail = (msg: string): never => {
      throw new TemplateError(meta.template, lineNo, msg);
    };
    const m = /^::([a-z0-9]+)(?:[ \t]+(.*))?$/.exec(line);
    if (!m) {
      if (table) fail('text inside a table: use ::row');
      para(line, true, 'justify');
      return;
    }
    const [, name, restRaw] = m;
    const rest = restRaw ?? '';
    if (table && name !== 'row' && name !== 'endtable') fail(`::${name} inside a table (missing ::endtable?)`);
    switch (name) {
      case 'layout':
        if (rest !== 'notice' && rest !== 'form' && rest !== 'certificate') fail(`unknown layout "${rest}"`);
        layout = rest as Layout;
        break;
      case 'doctitle':
        title = text(rest).replace(/\s+/g, ' ');
        break;
      case 'mark':
        blocks.push({ type: 'mark', text: text(rest) });
        break;
      case 'letterhead':
        letter = true;
        blocks.push({ type: 'mark', text: text(rest), letter: true }, { type: 'rule', color: 'red', double: true });
        break;
      case 'number':
        blocks.push({ type: 'docNumber', text: text(rest), ...(letter ? { align: 'right' as const } : {}) });
        break;
      case 'rule':
        blocks.push({ type: 'rule', color: rest === 'black' ? 'black' : 'red' });
        break;
      case 'title':
        for (const t of lines(rest)) blocks.push({ type: 'title', text: t });
        break;
      case 'subtitle':
        for (const t of lines(rest)) blocks.push({ type: 'subtitle', text: t });
        break;
      case 'to':
        blocks.push({ type: 'addressee', text: text(rest).replace(/\s*\n\s*/g, '') });
        break;
      case 'h1':
      case 'h2':
      case 'h3':
        for (const t of lines(rest)) blocks.push({ type: 'heading', level: Number(name[1]) as 1 | 2 | 3, text: t });
        break;
      case 'p':
        para(rest, true, 'justify');
        break;
      case 'np':
        para(rest, false, 'justify');
        break;
      case 'center':
        para(rest, false, 'center');
        break;
      case 'right':
        para(rest, false, 'right');
        break;
      case 'bold':
        para(rest, true, 'justify', true);
        break;
      case 'table': {
        const [w, ...opts] = rest.split(/\s+/);
        const widths = (w ?? '').split(',').map(Number);
        if (widths.length === 0 || widths.some((x) => !(x > 0))) fail(`bad table widths "${w}"`);
        let header = 0;
        let align: Align[] | undefined;
        let fixed = false;
        let nowrap: number[] | undefined;
        for (const o of opts) {
          const hm = /^header=(\d+)$/.exec(o);
          const am = /^align=([lcrj]+)$/.exec(o);
          const nm = /^nowrap=(\d+(?:,\d+)*)$/.exec(o);
          if (o === 'fixed') fixed = true;
          else if (nm) nowrap = nm[1]!.split(',').map(Number);
          else if (hm) header = Number(hm[1]);
          else if (am && am[1]!.length === widths.length) align = [...am[1]!].map((c) => ALIGN[c]!);
          else fail(`bad table option "${o}"`);
        }
        table = { type: 'table', widths, header, rows: [], ...(align ? { align } : {}), ...(fixed ? { fixed } : {}), ...(nowrap ? { nowrap } : {}) };
        tableLine = lineNo;
        break;
      }
      case 'row': {
        if (!table) fail('::row outside a table');
        const cells = rest.split('|').map((c) => text(c));
        if (cells.length !== 1 && cells.length !== table!.widths.length) {
          fail(`row has ${cells.length} cells, the table has ${table!.widths.length} columns`);
        }
        table!.rows.push(cells);
        break;
      }
      case 'endtable':
        if (!table) fail('::endtable without ::table');
        if (table!.rows.length <= table!.header) fail('table has no body rows');
        blocks.push(table!);
        table = undefined;
        break;
      case 'sign': {
        const [unit, date, flag] = rest.split('|').map((x) => x.trim());
        if (!unit || !date) fail('::sign needs UNIT | DATE');
        blocks.push({ type: 'signature', unit: text(unit!), date: text(date!), seal: flag !== 'noseal' });
        break;
      }
      case 'colophon': {
        const [cc, office, date] = rest.split('|').map((x) => x.trim());
        if (!office || !date) fail('::colophon needs CC | OFFICE | DATE (CC may be empty)');
        blocks.push({ type: 'colophon', cc: text(cc ?? '').trim(), office: text(office!), date: text(date!) });
        break;
      }
      case 'note':
        for (const t of lines(rest)) blocks.push({ type: 'note', text: t });
        break;
      case 'attach':
        blocks.push({ type: 'attachmentLabel', text: text(rest) });
        break;
      case 'space': {
        const n = Number(rest || '1');
        if (!Number.isInteger(n) || n < 1 || n > 20) fail(`bad space "${rest}"`);
        blocks.push({ type: 'space', lines: n });
        break;
      }
      case 'break':
        blocks.push({ type: 'pageBreak' });
        break;
      default:
        fail(`unknown directive ::${name}`);
    }
  });
  if (table) throw new TemplateError(meta.template, tableLine, 'table not closed with ::endtable');
  if (!layout) throw new TemplateError(meta.template, 1, 'no ::layout line');
  if (!title) {
    // the first title only (a policy's 印发通知 and the policy after it are two titles)
    const end = blocks.findIndex((b) => b.type === 'pageBreak');
    title = (end < 0 ? blocks : blocks.slice(0, end)).filter((b) => b.type === 'title').map((b) => (b as { text: string }).text).join('');
  }
  return { kind: meta.kind, layout, title, blocks, ...(letter ? { letter } : {}) };
}
