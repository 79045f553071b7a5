/** The application generator, shared with `pol export --format cases` (src/export/cases/generate.ts). */
export * from '../../src/export/cases/generate.ts';
