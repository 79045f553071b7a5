/**
 * Why a document was not made: one or more catalog codes (POL6xxx) with their arguments. Documents are
 * refused whole — nothing is written when any of these is raised.
 */
import { codedMessage, type Code, type Lang, type MessageArg } from '../diagnostics/catalog.ts';

export interface DocumentProblem {
  code: Code;
  args: MessageArg[];
}

export class DocumentError extends Error {
  readonly problems: DocumentProblem[];
  constructor(problems: DocumentProblem[] | DocumentProblem) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map((p) => codedMessage(p.code, p.args, 'zh')).join('\n'));
    this.problems = list;
  }

  /** The messages in a language, one per problem, each with its code. */
  messages(lang: Lang = 'zh'): string[] {
    return this.problems.map((p) => codedMessage(p.code, p.args, lang));
  }
}

export function docError(code: Code, ...args: MessageArg[]): DocumentError {
  return new DocumentError({ code, args });
}
