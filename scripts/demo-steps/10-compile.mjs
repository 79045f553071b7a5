// Check and compile the seed policy, draw its graph (Mermaid, DOT, and SVG via Graphviz in WebAssembly).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function run(ctx) {
  const pol = (...args) => {
    const r = spawnSync(process.execPath, [ctx.cli, ...args], { encoding: 'utf8' });
    if (r.stderr) process.stderr.write(r.stderr);
    if (r.status !== 0) throw new Error(`pol ${args.join(' ')} exited ${r.status}`);
    return r.stdout;
  };
  pol('check', ctx.seed);
  pol('compile', ctx.seed, '-o', join(ctx.out, 'guangzhou-cbec.graph.json'));
  pol('graph', ctx.seed, '--format', 'mermaid', '-o', join(ctx.out, 'guangzhou-cbec.mmd'));
  pol('graph', ctx.seed, '--format', 'dot', '-o', join(ctx.out, 'guangzhou-cbec.dot'));
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz');
  const graphviz = await Graphviz.load();
  writeFileSync(join(ctx.out, 'guangzhou-cbec.svg'), graphviz.dot(readFileSync(join(ctx.out, 'guangzhou-cbec.dot'), 'utf8')));
  const g = JSON.parse(readFileSync(join(ctx.out, 'guangzhou-cbec.graph.json'), 'utf8'));
  ctx.log(`已检查并编译 ${g.policy.title}：${g.measures.length} 条措施，${g.benefits.length} 个扶持项目（其中 ${g.benefits.filter((b) => b.hasAmount).length} 个有金额），${g.nodes.length} 个节点`);
  ctx.log('out/guangzhou-cbec.graph.json, out/guangzhou-cbec.mmd, out/guangzhou-cbec.dot, out/guangzhou-cbec.svg');
}
