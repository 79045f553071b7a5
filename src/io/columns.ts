/**
 * The flat layout of a batch row (CSV and Excel): one application per row, one column per field.
 * A column is named either by its path in the JSON application (DESIGN §5: `date`, `applicant.id`,
 * `facts.推广费用`, `lists.品牌出海企业.member` …) or by the Chinese label the 申报表 uses for the
 * same field (`统一社会信用代码`, `推广费用（元）`, `是否入选跨境电商“品牌出海”企业名单` …). A column
 * that is neither is refused by name (a typo would otherwise leave the field empty and evaluate to 0).
 *
 * Cell values: money in yuan, percent as a number of percent, bool 是/否 or true/false, dates YYYY-MM-DD;
 * `history` and `otherFunding` hold a JSON array as in the JSON application. Empty cells are absent fields.
 */
import type { Graph, ValueType } from '../ir/schema.ts';
import { formatMessage } from '../diagnostics/catalog.ts';

export type Cell = string | number | boolean | Date | null | undefined;

/** A cell of a result row. */
export type ResultCell = string | number | boolean;

/** Columns beyond the application's layout that a caller reads (the documents' `grantedYuan`, `note` …). */
export interface ExtraColumns {
  names: readonly string[];
  /** Put a non-empty cell of one of `names` into the row's data; throw to reject the row with that message. */
  apply(raw: Record<string, unknown>, column: string, value: string | number | boolean): void;
}

/** A column header and what it stands for: its JSON path (`facts.推广费用`), or an extra column's name. */
export interface ColumnLabel {
  path: string;
  /** The Chinese label of the 申报表 (the template's header). */
  label: string;
}

/** A label's unit suffix as the form prints it: （元）, （%） … */
function unitSuffix(t: ValueType): string {
  switch (t.kind) {
    case 'money':
      return t.currency === 'CNY' ? '（元）' : `（${t.currency}）`;
    case 'percent':
      return '（%）';
    case 'count':
      return t.unit ? `（${t.unit}）` : '';
    case 'items':
      // a list of items is one cell holding a JSON array (docs/batch.md)
      return `（JSON数组：${t.fields.map((f) => f.name).join('、')}）`;
    default:
      return '';
  }
}

/** Every field of an application to this policy, with the label the 申报表 gives it (form order). */
export function applicationColumns(graph: Graph): ColumnLabel[] {
  const cols: ColumnLabel[] = [
    { path: 'applicant.name', label: '申报单位名称' },
    { path: 'applicant.id', label: '统一社会信用代码' },
    { path: 'applicant.kind', label: '申报主体类型' },
    { path: 'applicant.district', label: '所在区' },
    { path: 'project', label: '申报项目编号' },
    { path: 'date', label: '申报日期' },
  ];
  for (const l of graph.lists) {
    cols.push({ path: `lists.${l.id}.member`, label: `是否入选${l.title}名单` }, { path: `lists.${l.id}.firstTime`, label: `是否首次进入${l.title}名单` });
  }
  for (const i of graph.inputs) {
    cols.push({ path: `facts.${i.name}`, label: i.type.kind === 'bool' ? `是否${i.description ?? i.name}`.replace(/^是否是否/, '是否') : `${i.name}${unitSuffix(i.type)}` });
  }
  cols.push({ path: 'history', label: '已获本政策扶持记录' }, { path: 'otherFunding', label: '已获其他资金奖补' });
  return cols;
}

/** The columns a batch template for one benefit needs: the applicant, then what that benefit reads. */
export function benefitColumns(graph: Graph, benefitId: string): ColumnLabel[] | undefined {
  const b = graph.benefits.find((x) => x.id === benefitId);
  if (!b) return undefined;
  const wanted = new Set(['applicant.name', 'applicant.id', 'applicant.kind', 'applicant.district', 'project', 'date']);
  for (const l of b.lists) wanted.add(`lists.${l}.member`).add(`lists.${l}.firstTime`);
  for (const i of b.inputs) wanted.add(`facts.${i}`);
  if (b.caps.length > 0 || b.oneTime) wanted.add('history');
  if (graph.rules.noDoubleFunding) wanted.add('otherFunding');
  return applicationColumns(graph).filter((c) => wanted.has(c.path));
}

const FIXED = new Set(['date', 'applicant.id', 'applicant.name', 'applicant.kind', 'applicant.district', 'project', 'history', 'otherFunding']);

/** Labels people write for the same field besides the form's own (other forms, the 公示 table). */
const SYNONYMS: Record<string, string> = {
  企业名称: 'applicant.name',
  申报主体名称: 'applicant.name',
  单位名称: 'applicant.name',
  申报主体: 'applicant.name',
  申报单位: 'applicant.name',
  信用代码: 'applicant.id',
  申报主体标识: 'applicant.id',
  主体类型: 'applicant.kind',
  区: 'applicant.district',
  项目编号: 'project',
};

/** Header normalisation: full-width brackets and spaces as their ASCII twins, no surrounding spaces. */
function norm(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

export interface ResolvedHeader {
  /** Per column: its JSON path or extra column name; undefined for a column with an empty header. */
  paths: (string | undefined)[];
  /** Headers that name no field: refused by the caller. */
  unknown: string[];
  /** Two columns for one field: [first header, second header, path]. */
  duplicates: [string, string, string][];
}

/** Map a header row to JSON paths: JSON paths as they are, the form's Chinese labels, a few synonyms. */
export function resolveHeader(graph: Graph, header: readonly Cell[], extra?: ExtraColumns): ResolvedHeader {
  const byLabel = new Map<string, string>();
  for (const c of applicationColumns(graph)) {
    byLabel.set(norm(c.label), c.path);
    byLabel.set(norm(c.label.replace(/（[^（）]*）$/, '')), c.path);
  }
  for (const [k, v] of Object.entries(SYNONYMS)) byLabel.set(norm(k), v);
  const paths: (string | undefined)[] = [];
  const unknown: string[] = [];
  const duplicates: [string, string, string][] = [];
  const seen = new Map<string, string>();
  for (const h of header) {
    const text = h instanceof Date ? h.toISOString().slice(0, 10) : String(h ?? '').trim();
    if (!text) {
      paths.push(undefined);
      continue;
    }
    const path = extra?.names.includes(text) ? text : knownPath(graph, text) ? text : byLabel.get(norm(text));
    if (!path) unknown.push(text);
    else if (seen.has(path)) duplicates.push([seen.get(path)!, text, path]);
    else seen.set(path, text);
    paths.push(path);
  }
  return { paths, unknown, duplicates };
}

function knownPath(graph: Graph, c: string): boolean {
  if (FIXED.has(c)) return true;
  if (c.startsWith('facts.')) return graph.inputs.some((i) => i.name === c.slice(6));
  if (c.startsWith('exchangeRates.')) return /^exchangeRates\.[A-Z]{3}$/.test(c);
  const m = /^lists\.(.+)\.(member|firstTime)$/.exec(c);
  return !!m && graph.lists.some((l) => l.id === m[1]);
}

const TRUE = new Set(['true', '是', 'y', 'yes', '1', '√', '✓', '■是']);
const FALSE = new Set(['false', '否', 'n', 'no', '0', '', '■否']);

function asBool(v: Cell): unknown {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return v; // left as is: validation names the field
}

function asNumber(v: Cell): unknown {
  if (typeof v === 'number') return v;
  const s = String(v).trim().replace(/,/g, '');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : v;
}

function asText(v: Cell): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
}

function convert(t: ValueType | undefined, v: Cell): unknown {
  if (!t) return typeof v === 'string' ? asNumber(v) : v;
  switch (t.kind) {
    case 'money':
    case 'count':
    case 'percent':
    case 'number':
      return asNumber(v);
    case 'bool':
      return asBool(v);
    default:
      return asText(v);
  }
}

/** An applicant kind written as its title (企业) instead of its code (enterprise). */
function asKind(graph: Graph, v: Cell): string {
  const s = asText(v);
  return graph.kinds.find((k) => k.title === s)?.code ?? s;
}

type App = Record<string, unknown>;
/** Where one column's cell goes in the application. */
type Setter = (app: App, v: Exclude<Cell, null | undefined>) => void;

const sub = (app: App, key: string) => (app[key] ??= {}) as App;

/** The setter of one column (its path resolved once, not per row). */
function setterOf(graph: Graph, c: string, extra?: ExtraColumns): Setter | undefined {
  if (extra?.names.includes(c)) return (app, v) => extra.apply(app, c, v instanceof Date ? v.toISOString().slice(0, 10) : v);
  if (c === 'date' || c === 'project') return (app, v) => (app[c] = asText(v));
  if (c === 'applicant.kind') return (app, v) => (sub(app, 'applicant').kind = asKind(graph, v));
  if (c.startsWith('applicant.')) {
    const key = c.slice(10);
    return (app, v) => (sub(app, 'applicant')[key] = asText(v));
  }
  if (c.startsWith('facts.')) {
    const name = c.slice(6);
    const type = graph.inputs.find((x) => x.name === name)?.type;
    if (type?.kind === 'items') return (app, v) => (sub(app, 'facts')[name] = itemsCell(name, type, v));
    return (app, v) => (sub(app, 'facts')[name] = convert(type, v));
  }
  if (c.startsWith('exchangeRates.')) {
    const cur = c.slice(14);
    return (app, v) => (sub(app, 'exchangeRates')[cur] = asNumber(v));
  }
  const m = /^lists\.(.+)\.(member|firstTime)$/.exec(c);
  if (m) {
    const [, list, field] = m as unknown as [string, string, string];
    return (app, v) => ((sub(sub(app, 'lists'), list) as App)[field] = asBool(v));
  }
  if (c === 'history' || c === 'otherFunding') {
    return (app, v) => {
      try {
        app[c] = JSON.parse(String(v));
      } catch {
        throw new Error(`${c}: 应为 JSON 数组，如 [{"benefit":"品牌推广扶持","date":"2025-01-10","grantedFen":60000000}]`);
      }
    };
  }
  return undefined;
}

/** A cell of an item list (清单): a JSON array of objects, checked later like any application. */
function itemsCell(name: string, type: Extract<ValueType, { kind: 'items' }>, v: Cell): unknown {
  try {
    return JSON.parse(String(v));
  } catch {
    const example = `[{${type.fields.map((f) => `"${f.name}":…`).join(',')}}]`;
    throw new Error(`facts.${name}: ${formatMessage('POL4113', [name, example])}`);
  }
}

/**
 * The reader of flat rows under one header: one row → the JSON application of DESIGN §5 (values still
 * unchecked: validation follows). `paths` come from `resolveHeader`; extra columns go to `extra.apply`.
 * The function throws (with the field named) when a cell cannot be read at all.
 */
export function rowReader(graph: Graph, paths: readonly (string | undefined)[], extra?: ExtraColumns): (cells: readonly Cell[]) => App {
  const setters = paths.map((c) => (c ? setterOf(graph, c, extra) : undefined));
  const hasLists = paths.some((c) => c?.startsWith('lists.'));
  return (cells) => {
    const app: App = { facts: {} };
    const n = Math.min(cells.length, setters.length);
    for (let i = 0; i < n; i++) {
      const set = setters[i];
      const v = cells[i];
      if (!set || v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
      set(app, v);
    }
    // a list named with only firstTime is still a list entry: member defaults to false
    if (hasLists) for (const e of Object.values((app.lists ?? {}) as Record<string, App>)) e.member ??= false;
    return app;
  };
}
