/**
 * 起草: a drafter's playground — edit a .pol with syntax colouring and live diagnostics (the same as pol check,
 * from the server's language service), evaluate a sample application beside it, preview the 申报指南 PDF.
 */
import { basicSetup, EditorView } from 'codemirror';
import { StreamLanguage } from '@codemirror/language';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { ApiFailure, blobUrl, postJson } from './api.ts';
import { alertBox, h, mount, yuan } from './dom.ts';
import { KEYWORDS } from './keywords.ts';

const SAMPLE = `政策 demo-2026 "某区支持跨境电商品牌出海若干措施（草稿）" {
  状态：征求意见稿
  发布：区商务局
  有效期：自印发之日起 3年
}

单位 区商务局 "某区商务局"
主体 企业 "跨境电商企业" = enterprise
名单 品牌出海企业 "跨境电商“品牌出海”企业"

措施 1 "支持跨境电商“品牌出海”" {
  原文："对入选企业开展自主品牌推广产生的实际费用，给予不超过费用50%的资金扶持，单个企业每年不超过100万元。"
  牵头：区商务局
  扶持 品牌推广扶持 "品牌推广费用扶持" {
    对象：企业
    条件：入选(品牌出海企业)
    输入 推广费用：金额 "开展自主品牌推广产生的实际费用"
    金额：推广费用 × 50%，不超过 100万元 每年
  }
}
`;

const SAMPLE_APP = {
  date: '2025-03-01',
  applicant: { id: '91440101MA59TEXT0R', name: '某科技有限公司', kind: 'enterprise' },
  project: 'P-001',
  facts: { 推广费用: 1200000 },
  lists: { 品牌出海企业: { member: true } },
};

const keywordRe = new RegExp(`^(?:${[...KEYWORDS].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{Script=Han}A-Za-z_\\-])`, 'u');

const polLanguage = StreamLanguage.define<{ inString: '"' | '“' | null }>({
  startState: () => ({ inString: null }),
  token(stream, state) {
    if (state.inString) {
      const close = state.inString === '"' ? '"' : '”';
      while (!stream.eol()) {
        const ch = stream.next();
        if (ch === '\\' && close === '"') stream.next();
        else if (ch === close) {
          state.inString = null;
          break;
        }
      }
      return 'string';
    }
    if (stream.eatSpace()) return null;
    if (stream.match(/^(#|\/\/).*/)) return 'comment';
    const ch = stream.peek();
    if (ch === '"' || ch === '“') {
      stream.next();
      state.inString = ch;
      return 'string';
    }
    if (stream.match(/^\d{4}-\d{2}-\d{2}/) || stream.match(/^\d+(?:\.\d+)?(?:万|亿)?[^\s:：,，、;；()（）{}×*÷/+\-−]*/u)) return 'number';
    if (stream.match(keywordRe)) return 'keyword';
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_\-\p{Script=Han}]*|^\p{Script=Han}[\p{Script=Han}A-Za-z_]*/u)) return 'variableName';
    stream.next();
    return 'punctuation';
  },
});

export function playgroundPage(): void {
  const status = h('p', { class: 'muted', id: 'lint-status', 'aria-live': 'polite' }, '正在检查……');
  const lint = linter(
    async (view) => {
      const source = view.state.doc.toString();
      try {
        const r = await postJson<{ diagnostics: { code: string; severity: string; message: string; line: number; from: number; to: number }[] }>('/api/v1/playground/check', { source });
        const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
        status.textContent = errors ? `${errors} 个错误，${r.diagnostics.length - errors} 个警告` : r.diagnostics.length ? `无错误，${r.diagnostics.length} 个警告` : '无错误';
        return r.diagnostics.map(
          (d): Diagnostic => ({
            from: Math.min(d.from, source.length),
            to: Math.min(Math.max(d.to, d.from), source.length),
            severity: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info',
            message: `${d.message}（${d.code}，第 ${d.line} 行）`,
          }),
        );
      } catch {
        status.textContent = '暂时无法检查';
        return [];
      }
    },
    { delay: 250 },
  );
  const host = h('div', { class: 'editor', 'aria-label': '政策文件编辑器' });
  new EditorView({ doc: SAMPLE, extensions: [basicSetup, polLanguage, lint, lintGutter(), EditorView.lineWrapping], parent: host });
  const view = () => EditorView.findFromDOM(host.querySelector('.cm-editor') as HTMLElement)!;

  const sample = h('textarea', { id: 'sample', rows: 12, spellcheck: false }, JSON.stringify(SAMPLE_APP, null, 2));
  const issued = h('input', { id: 'issued', type: 'date', value: '2025-01-01' });
  const results = h('div', { 'aria-live': 'polite' });
  const alert = alertBox();
  const preview = h('div', { class: 'preview' });
  const evaluate = async () => {
    alert.say('');
    let application: unknown;
    try {
      application = JSON.parse(sample.value);
    } catch {
      return alert.say('样例申报不是有效的 JSON');
    }
    try {
      const out = await postJson<{ results: { benefit: string; eligible: boolean; ceilingFen: number; reasons: string[] }[] }>('/api/v1/playground/eval', {
        source: view().state.doc.toString(),
        application,
        issued: issued.value || undefined,
      });
      results.replaceChildren(
        ...out.results.map((r) => h('div', { class: 'result' }, h('h3', {}, `${r.benefit}：${r.eligible ? `上限 ${yuan(r.ceilingFen)} 元` : '不符合条件'}`), h('ul', { class: 'reasons' }, ...r.reasons.map((x) => h('li', {}, x))))),
      );
    } catch (e) {
      alert.say(e instanceof ApiFailure ? e.message : '评估失败');
    }
  };
  const call = async () => {
    alert.say('');
    try {
      const url = await blobUrl('/api/v1/playground/call', { source: view().state.doc.toString(), issued: issued.value || undefined });
      preview.replaceChildren(h('iframe', { title: '申报指南预览', src: url }));
    } catch (e) {
      alert.say(e instanceof ApiFailure ? e.message : '生成失败');
    }
  };
  mount(
    h('h1', {}, '起草与试算'),
    h(
      'div',
      { class: 'cols wide' },
      h('section', { 'aria-labelledby': 'src-h' }, h('h2', { id: 'src-h' }, '政策文件'), host, status),
      h(
        'section',
        { 'aria-labelledby': 'try-h' },
        h('h2', { id: 'try-h' }, '试算'),
        h('p', { class: 'field' }, h('label', { for: 'issued' }, '印发日期（草稿试算用）'), issued),
        h('p', { class: 'field' }, h('label', { for: 'sample' }, '样例申报（JSON）'), sample),
        h('p', { class: 'buttons' }, h('button', { type: 'button', class: 'primary', onclick: evaluate }, '评估'), ' ', h('button', { type: 'button', onclick: call }, '预览申报指南')),
        alert,
        results,
      ),
    ),
    preview,
  );
}
