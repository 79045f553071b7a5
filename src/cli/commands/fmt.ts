/**
 * `pol fmt FILE… [--write | --check] [--lang zh|en] [--json]`: the canonical layout of .pol files.
 * Prints the formatted text, rewrites files whole (--write), or lists the files that are not formatted
 * (--check, exit 1). A file with syntax errors is never formatted: its diagnostics are printed, exit 2.
 */
import type { Command } from 'commander';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.ts';
import { format } from '../../syntax/format.ts';
import { parse } from '../../syntax/parse.ts';
import { keywordLanguage } from '../../syntax/keyword-language.ts';
import { diagnosticsJson, EXIT, langOf, printDiagnostics, readText, UserError, userError, writeFileAtomic, writeStdout } from '../io.ts';

interface FmtOptions {
  write?: boolean;
  check?: boolean;
  lang?: string;
  normalize?: boolean;
  json?: boolean;
}

/** What happened to one file. */
interface FileReport {
  file: string;
  /** formatted: already in canonical layout; unformatted: differs (--check); written: rewritten (--write); error: not formatted */
  status: 'formatted' | 'unformatted' | 'written' | 'printed' | 'error';
  /** the formatted text (printing mode with --json) */
  text?: string;
}

export function register(program: Command): void {
  program
    .command('fmt')
    .description('把政策文件排成规范格式（中文或英文关键字，注释保留，规则图不变）；有语法错误的文件不排版，退出码2')
    .argument('<files...>', '.pol 文件')
    .option('-w, --write', '就地改写文件（先写临时文件再替换，不会留下写了一半的文件）')
    .option('--check', '只检查不改写：列出未按规范格式排版的文件，有则退出码 1')
    .option('--lang <lang>', '关键字语言：zh（政策、措施、牵头…）或 en（policy、measure、lead…）；默认沿用每个文件自己的语言')
    .option('--normalize', '关键字一律写成规范写法（最高→不超过，每企业每年→每年）；默认保留起草人选用的同义写法')
    .option('--json', '以 JSON 输出结果 {"files":[{"file","status"}],"diagnostics":[…]}')
    .action((files: string[], opts: FmtOptions) => {
      const lang = langOf(opts.lang);
      const keywordsOf = (source: string) => (opts.lang ? lang : keywordLanguage(source));
      if (opts.write && opts.check) {
        throw userError('POL3052', ['--write', '--check'], EXIT.input, lang);
      }
      const reports: FileReport[] = [];
      const diagnostics: Diagnostic[] = [];
      const sources = new Map<string, string>();
      let exit: number = EXIT.ok;
      for (const file of files) {
        let source: string;
        try {
          source = readText(file, { zh: '政策文件', en: 'policy file' }, lang);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          if (!opts.json) process.stderr.write(`pol: ${e.message}\n`);
          reports.push({ file, status: 'error' });
          exit = EXIT.source;
          continue;
        }
        sources.set(file, source);
        const parsed = parse(source, file);
        if (!parsed.ast || hasErrors(parsed.diagnostics)) {
          diagnostics.push(...parsed.diagnostics);
          reports.push({ file, status: 'error' });
          exit = EXIT.source;
          continue;
        }
        const text = format(parsed.ast, source, { lang: keywordsOf(source), normalize: !!opts.normalize });
        if (opts.check) {
          const ok = text === source;
          reports.push({ file, status: ok ? 'formatted' : 'unformatted' });
          if (!ok && exit === EXIT.ok) exit = EXIT.input;
        } else if (opts.write) {
          if (text !== source) writeFileAtomic(file, text);
          reports.push({ file, status: text === source ? 'formatted' : 'written' });
        } else {
          reports.push({ file, status: 'printed', ...(opts.json ? { text } : {}) });
          if (!opts.json) process.stdout.write(text);
        }
      }
      if (opts.json) {
        writeStdout(JSON.stringify({ files: reports, ...diagnosticsJson(diagnostics, lang) }, null, 2));
      } else {
        printDiagnostics(diagnostics, sources, lang);
        if (opts.check) {
          const bad = reports.filter((r) => r.status === 'unformatted');
          for (const r of bad) process.stdout.write(`${r.file}\n`);
          process.stderr.write(
            lang === 'zh'
              ? bad.length
                ? `${bad.length} 个文件未按规范格式排版（用 pol fmt --write 改写）\n`
                : `${reports.filter((r) => r.status === 'formatted').length} 个文件均已按规范格式排版\n`
              : bad.length
                ? `${bad.length} file(s) not formatted (pol fmt --write rewrites them)\n`
                : `${reports.filter((r) => r.status === 'formatted').length} file(s) formatted\n`,
          );
        } else if (opts.write) {
          const written = reports.filter((r) => r.status === 'written');
          for (const r of written) process.stderr.write(lang === 'zh' ? `已改写 ${r.file}\n` : `rewrote ${r.file}\n`);
        }
        const failed = reports.filter((r) => r.status === 'error').length;
        if (failed) {
          process.stderr.write(
            lang === 'zh' ? `${failed} 个文件有语法错误或无法读取，未排版\n` : `${failed} file(s) have syntax errors or cannot be read and were not formatted\n`,
          );
        }
      }
      process.exitCode = exit;
    });
}
