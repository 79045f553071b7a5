/** Every keyword spelling of .pol (Chinese, English, alternatives), from the lexicon itself. */
import { keywordSpellings } from '../../../grammar/tokens.ts';

export const KEYWORDS: ReadonlySet<string> = new Set([...keywordSpellings.values()].flatMap((s) => [s.zh, s.en, ...(s.alt ?? [])]));
