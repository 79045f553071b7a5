// Format the seed policy: its canonical layout with English keywords in out/, and the way back to Chinese
// keywords compiles to the same rule graph (spans and quoted source text aside).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function run(ctx) {
  const pol = (args, okStatus = [0]) => {
    const r = spawnSync(process.execPath, [ctx.cli, ...args], { encoding: 'utf8' });
    if (!okStatus.includes(r.status)) {
      process.stderr.write(r.stderr);
      throw new Error(`pol ${args.join(' ')} exited ${r.status}`);
    }
    return r;
  };
  const en = join(ctx.out, 'guangzhou-cbec.en.pol');
  const zh = join(ctx.out, 'guangzhou-cbec.fmt.pol');
  writeFileSync(en, pol(['fmt', ctx.seed, '--lang', 'en']).stdout);
  writeFileSync(zh, pol(['fmt', en, '--lang', 'zh']).stdout);
  const same = pol(['fmt', ctx.seed]).stdout === pol(['fmt', zh]).stdout;
  const graph = (file) => {
    const g = JSON.parse(pol(['compile', file]).stdout);
    const strip = (x) =>
      Array.isArray(x) ? x.map(strip) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'span').map(([k, v]) => [k, strip(v)])) : x;
    const s = strip(g);
    delete s.source;
    for (const n of s.nodes) if (n.kind === 'expr' || n.kind === 'define') delete n.text;
    for (const b of s.benefits) for (const c of [...b.conditions, ...b.caps]) delete c.text;
    return JSON.stringify(s);
  };
  const sameGraph = graph(ctx.seed) === graph(en) && graph(en) === graph(zh);
  const check = pol(['fmt', '--check', ctx.seed], [0, 1]);
  ctx.log(`英文关键字版：out/guangzhou-cbec.en.pol；转回中文：out/guangzhou-cbec.fmt.pol（${same ? '与中文规范格式一致' : '与中文规范格式不一致！'}）`);
  ctx.log(`三者编译出的规则图${sameGraph ? '相同' : '不同！'}；种子文件${check.status === 0 ? '已是规范格式' : '尚未按规范格式排版（pol fmt --write 可改写）'}`);
  if (!same || !sameGraph) throw new Error('pol fmt changed the policy');
}
