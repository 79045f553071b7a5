/**
 * The templates: one Handlebars file per kind of document in templates/, compiled once per process in
 * a private Handlebars environment (`Handlebars.create()`), with `strict` (a missing field is an error),
 * `knownHelpersOnly` (only the built-in block helpers) and `noEscape` (no HTML escaping: the output is
 * our markup, not HTML, and data never enters it — see markup.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMarkup, tokenize } from './markup.ts';
import type { DocKind, DocModel } from './model.ts';

type Render = (view: unknown) => string;

let templatesDir: string | undefined;

/** templates/ of the package (found from this file, in src/ or in dist/src/). */
export function templatesRoot(): string {
  if (templatesDir) return templatesDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'templates')) && existsSync(join(dir, 'package.json'))) return (templatesDir = join(dir, 'templates'));
    dir = dirname(dir);
  }
  throw new Error('templates/ not found beside package.json');
}

let hb: typeof import('handlebars') | undefined;
const compiled = new Map<string, Render>();

async function handlebars(): Promise<typeof import('handlebars')> {
  if (!hb) {
    const mod = (await import('handlebars')) as unknown as { default: typeof import('handlebars') };
    hb = mod.default.create();
  }
  return hb;
}

/** Compile (once) the template of a kind; `source` overrides the file (tests). */
export async function templateFor(kind: DocKind, source?: string): Promise<Render> {
  const key = source === undefined ? kind : `${kind}\u0000${source}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  const env = await handlebars();
  const text = source ?? readFileSync(join(templatesRoot(), `${kind}.hbs`), 'utf8');
  const fn = env.compile(text, { noEscape: true, strict: true, knownHelpersOnly: true, preventIndent: true });
  const render: Render = (view) =>
    fn(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false, allowCallsToHelperMissing: false });
  if (source === undefined) compiled.set(key, render);
  return render;
}

/** Render a view through the kind's template into the document model. */
export async function renderModel(kind: DocKind, view: unknown, source?: string): Promise<DocModel> {
  const render = await templateFor(kind, source);
  const { view: tokenView, strings } = tokenize(view);
  return parseMarkup(render(tokenView), strings, { kind, template: `templates/${kind}.hbs` });
}

/** The same, synchronously, once the template is compiled (the batch workers' hot path). */
export function renderModelSync(kind: DocKind, view: unknown): DocModel {
  const render = compiled.get(kind);
  if (!render) throw new Error(`template ${kind} not compiled`);
  const { view: tokenView, strings } = tokenize(view);
  return parseMarkup(render(tokenView), strings, { kind, template: `templates/${kind}.hbs` });
}
