// Official documents for the seed: every kind as PDF and DOCX into out/docs/, and the first page of each kind as a
// PNG into out/samples/ (pdftoppm, when poppler-utils is installed) for a person to look at.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';

export async function run(ctx) {
  const docs = join(ctx.out, 'docs');
  const samples = join(ctx.out, 'samples');
  rmSync(docs, { recursive: true, force: true });
  mkdirSync(docs, { recursive: true });
  mkdirSync(samples, { recursive: true });
  const examples = join(ctx.root, 'examples/applications');
  const app = (name) => join(examples, name);
  const common = ['--issued', '2024-01-01', '-f', 'both', '-o', docs];
  const contact = ['--contact', '王经办', '--phone', '020-12345678', '--address', '广州市天河区示例路1号'];
  const cc = ['--cc', '市财政局，市市场监管局'];
  const pol = (...args) => {
    const r = spawnSync(process.execPath, [ctx.cli, 'doc', ...args, ...common], { encoding: 'utf8', cwd: ctx.root });
    if (r.stderr) process.stderr.write(r.stderr);
    if (r.status !== 0) throw new Error(`pol doc ${args.join(' ')} exited ${r.status}`);
    return r.stdout.trim().split('\n').filter(Boolean);
  };

  const made = {
    policy: pol('policy', ctx.seed, '--doc-number', '穗商务规字〔2024〕1号', '--date', '2024-01-01', ...cc),
    call: pol('call', ctx.seed, '--doc-number', '穗商务函〔2025〕12号', '--date', '2025-02-10', ...cc),
    form: [
      ...pol('form', ctx.seed, '-b', '品牌推广扶持', '--date', '2025-02-10'),
      ...pol('form', ctx.seed, '-b', '仓储租金补助', '--date', '2025-02-10'),
    ],
    acceptance: pol('acceptance', ctx.seed, '-i', app('brand-promotion.json'), '-b', '品牌推广扶持', '--doc-number', '穗商务受〔2025〕31号', '--date', '2025-03-04', ...contact),
    rejection: pol('rejection', ctx.seed, '-i', app('double-funded.json'), '-b', '品牌推广扶持', '--doc-number', '穗商务函〔2025〕47号', '--date', '2025-07-25', ...contact),
    certificate: pol('certificate', ctx.seed, '-i', app('qilin-first-entry.json'), '-b', '麒麟企业奖励', '--amount', '2000000', '--doc-number', '穗商务奖〔2025〕8号', '--date', '2025-06-30'),
  };
  // the publicity notice lists every sample application that qualifies, one table
  const batch = join(docs, 'publicity-input.jsonl');
  const lines = readdirSync(examples)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.stringify(JSON.parse(readFileSync(app(f), 'utf8'))));
  writeFileSync(batch, lines.join('\n') + '\n');
  const r = spawnSync(process.execPath, [ctx.cli, 'doc', 'publicity', ctx.seed, '--batch', batch, '--doc-number', '穗商务函〔2025〕66号', '--date', '2025-12-08', ...contact, ...cc, ...common], { encoding: 'utf8', cwd: ctx.root });
  // rows that do not qualify are reported and left out (exit 1): that is expected here
  if (![0, 1].includes(r.status)) throw new Error(`pol doc publicity exited ${r.status}: ${r.stderr}`);
  process.stderr.write(r.stderr);
  made.publicity = r.stdout.trim().split('\n').filter(Boolean);
  rmSync(batch);

  // first page of each kind as PNG (60 dpi), from the PDF and from the DOCX as LibreOffice lays it out
  // (with the fonts the DOCX embeds, on one Latin font: as a machine without Chinese fonts shows it)
  const has = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
  const pdftoppm = has('pdftoppm');
  const lo = join(docs, 'libreoffice');
  if (pdftoppm && has('soffice')) {
    mkdirSync(join(lo, 'cache'), { recursive: true });
    // the DOCX embeds its fonts: LibreOffice is given one Latin font only, so the preview shows what a
    // machine without Chinese fonts shows
    const latin = dirname(createRequire(import.meta.url).resolve('pdfmake/build/fonts/Roboto/Roboto-Regular.ttf'));
    writeFileSync(join(lo, 'fonts.conf'), `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>${latin}</dir><cachedir>${join(lo, 'cache')}</cachedir></fontconfig>`);
    const docxs = Object.values(made).map((files) => files.map((f) => resolve(ctx.root, f)).find((f) => f.endsWith('.docx'))).filter(Boolean);
    // a profile that records a last version: a headless start otherwise runs LibreOffice's graphics self-tests
    // every time (about 4 s of CPU each)
    mkdirSync(join(lo, 'profile', 'user'), { recursive: true });
    writeFileSync(
      join(lo, 'profile', 'user', 'registrymodifications.xcu'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>99.0</value></prop></item>\n</oor:items>\n',
    );
    // one LibreOffice run per DOCX: in one run, a later document's embedded font of the same name is not
    // loaded (its characters come out as boxes)
    for (const docx of docxs) spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${join(lo, 'profile')}`, '--convert-to', 'pdf', '--outdir', lo, docx], { env: { ...process.env, FONTCONFIG_FILE: join(lo, 'fonts.conf') }, timeout: 300_000 });
  }
  for (const [kind, files] of Object.entries(made)) {
    // the CLI prints paths relative to its working folder (the project root here)
    const pdf = files.map((f) => resolve(ctx.root, f)).find((f) => f.endsWith('.pdf'));
    const docx = files.map((f) => resolve(ctx.root, f)).find((f) => f.endsWith('.docx'));
    ctx.log(`${kind}: ${files.join(', ')}`);
    if (!pdftoppm || !pdf) continue;
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, join(samples, `${kind}-pdf`)]);
    const loPdf = docx && join(lo, basename(docx).replace(/\.docx$/, '.pdf'));
    if (loPdf && existsSync(loPdf)) spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', loPdf, join(samples, `${kind}-docx`)]);
    if (kind !== 'call') continue;
    // the call's first 附件 page (a 申报表) and its last page (the 版记 at the foot), in both formats
    for (const [file, format] of [[pdf, 'pdf'], [loPdf, 'docx']]) {
      if (!file || !existsSync(file)) continue;
      const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1] ?? 0);
      const firstLine = (p) => spawnSync('pdftotext', ['-f', String(p), '-l', String(p), '-layout', file, '-'], { encoding: 'utf8' }).stdout.trim().split('\n')[0]?.trim() ?? '';
      const attachment = Array.from({ length: pages }, (_, i) => i + 1).find((p) => /^附件\d*$/.test(firstLine(p)));
      const page = (p, name) => spawnSync('pdftoppm', ['-png', '-r', '60', '-f', String(p), '-l', String(p), '-singlefile', file, join(samples, name)]);
      if (attachment) page(attachment, `call-attachment-${format}`);
      if (pages) page(pages, `call-last-${format}`);
    }
  }
  rmSync(lo, { recursive: true, force: true });
  ctx.log(pdftoppm ? `第一页预览：out/samples/{${Object.keys(made).join(',')}}-{pdf,docx}.png；申报通知的附件页和末页（版记）：out/samples/call-{attachment,last}-{pdf,docx}.png` : '未安装 poppler-utils（pdftoppm），未生成预览图');
}
