/** Which keyword spelling a .pol file is written in: the one most of its keywords use (Chinese on a tie). */
import { keywordSpellings, lex } from '../../grammar/tokens.ts';
import type { Lang } from '../diagnostics/catalog.ts';

export function keywordLanguage(source: string): Lang {
  let zh = 0;
  let en = 0;
  for (const t of lex(source).tokens) {
    const sp = keywordSpellings.get(t.tokenType);
    if (!sp) continue;
    if (/^[\x00-\x7f]+$/.test(t.image)) en++;
    else zh++;
  }
  return en > zh ? 'en' : 'zh';
}
