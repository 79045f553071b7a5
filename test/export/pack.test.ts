/**
 * The package on npm's terms: `npm pack` gives a tarball that npm installs in an empty folder with no network
 * (`npm ci --offline`; install scripts skipped, as `pol --help` needs no native module), whose bin link
 * (node_modules/.bin/pol, what `npx pol` runs) runs `pol --help`, which imports as 'pol' and ships its type
 * declarations. Its dependencies are links to this checkout's installed copies of exactly the packages its
 * package.json declares, at the versions it pins (./pack-lock.ts): the package's imports resolve in the new
 * folder, where no other package is visible (a test-only package such as fast-check is not).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { processEnv, ROOT } from '../support/cli.ts';
import { writePackLock } from './pack-lock.ts';

it('npm pack → installs offline in an empty folder → pol --help (bin link), import "pol", type declarations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pol-pack-'));
  try {
    const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8', env: processEnv({ npm_config_update_notifier: 'false' }) });
    // dist/ is what `npm run build` made; --ignore-scripts keeps pack from building it again
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    expect(files).toContain('dist/bin/pol.mjs');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/'))).toBe(false);

    const app = join(dir, 'empty');
    mkdirSync(app);
    writePackLock(ROOT, join(dir, info!.filename), app);
    const install = npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], app);
    expect(install.status, install.stderr).toBe(0);
    expect(lstatSync(join(app, 'node_modules/pol')).isDirectory()).toBe(true); // unpacked from the tarball, not a link

    // the bin link itself (its shebang, its executable bit), as `npx pol` would find and run it; npx's own start costs ~1 s of CPU
    const help = spawnSync(join(app, 'node_modules/.bin/pol'), ['--help'], { cwd: app, encoding: 'utf8', env: processEnv() });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('用法：pol');
    expect(help.stdout).toContain('export');
    const script = "import { compile, evaluate, toCode } from 'pol'; const dev = await import('fast-check').then(() => 'visible', () => 'hidden'); console.log(typeof compile, typeof evaluate, typeof toCode, dev)";
    const lib = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8', env: processEnv() });
    expect(lib.stdout.trim(), lib.stderr).toBe('function function function hidden');
    expect(existsSync(join(app, 'node_modules/pol/dist/src/index.d.ts'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);
