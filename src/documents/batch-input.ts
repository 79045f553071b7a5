/**
 * Rows of a `--batch` file for documents: JSONL (one DESIGN §5 application per line, with the document
 * fields `benefit`, `grantedFen`, `note`, `reasons`), or CSV/Excel in the evaluator's flat layout
 * (src/io/columns.ts: date, applicant.id, applicant.name, facts.推广费用, lists.品牌出海企业.member …)
 * plus the columns `benefit`, `grantedFen` (fen) or `grantedYuan` (yuan), `note` and `reason`.
 * Rows are numbered as the user sees them: JSONL lines, spreadsheet rows (the header is row 1).
 */
import type { ExtraColumns } from '../io/columns.ts';
import { parseYuan } from '../values/money.ts';

/** The document fields a CSV/Excel row may carry besides the application. */
export const DOC_COLUMNS: ExtraColumns = {
  names: ['benefit', 'grantedFen', 'grantedYuan', 'note', 'reason'],
  apply(raw, c, v) {
    const text = String(v).trim();
    if (c === 'benefit' || c === 'note') raw[c] = text;
    else if (c === 'reason') raw.reasons = [text];
    else if (c === 'grantedFen') raw.grantedFen = typeof v === 'number' ? v : /^\d+$/.test(text) ? Number(text) : text;
    else {
      const fen = parseYuan(text);
      if (fen === undefined) throw new Error(`grantedYuan: 金额“${text}”无效：应为以元为单位、最多两位小数的非负金额`);
      raw.grantedFen = fen;
    }
  },
};
