import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { parseMarkup, TemplateError, tokenize } from '../../src/documents/markup.ts';
import { renderModel } from '../../src/documents/templates.ts';

const parse = (text: string, view: unknown = {}) => {
  const { strings } = tokenize(view);
  return parseMarkup(text, strings, { kind: 'call', template: 'test' });
};

describe('template markup → document model', () => {
  it('parses every directive into its block', () => {
    const m = parse(
      [
        '::layout notice',
        '::mark 广州市商务局文件',
        '::number 穗商务函〔2025〕12号',
        '::rule red',
        '::title 关于……的通知',
        '::to 各区人民政府：',
        '::h1 一、总则',
        '::h2 （一）范围',
        '::h3 1.对象',
        '正文一段。',
        '::np 不缩进的一段。',
        '::center 居中',
        '::right 靠右',
        '::table 1,3 header=1 align=cr',
        '::row 序号 | 名称',
        '::row 1 | 甲',
        '::row 合计',
        '::endtable',
        '::attach 附件',
        '::space 2',
        '::break',
        '::sign 广州市商务局 | 2025年3月1日',
      ].join('\n'),
    );
    expect(m.layout).toBe('notice');
    expect(m.blocks.map((b) => b.type)).toEqual([
      'mark', 'docNumber', 'rule', 'title', 'addressee', 'heading', 'heading', 'heading', 'paragraph', 'paragraph', 'paragraph', 'paragraph',
      'table', 'attachmentLabel', 'space', 'pageBreak', 'signature',
    ]);
    expect(m.blocks[8]).toEqual({ type: 'paragraph', text: '正文一段。', indent: true, align: 'justify' });
    expect(m.blocks[12]).toEqual({ type: 'table', widths: [1, 3], header: 1, rows: [['序号', '名称'], ['1', '甲'], ['合计']], align: ['center', 'right'] });
    expect(m.blocks[16]).toEqual({ type: 'signature', unit: '广州市商务局', date: '2025年3月1日', seal: true });
    expect(m.title).toBe('关于……的通知');
  });

  it('reports template mistakes with the line', () => {
    expect(() => parse('::layout notice\n::frob x')).toThrow(/line 2: unknown directive ::frob/);
    expect(() => parse('::layout notice\n::row a | b')).toThrow(TemplateError);
    expect(() => parse('::layout notice\n::table 1,2\n::row a | b | c\n::endtable')).toThrow(/3 cells, the table has 2 columns/);
    expect(() => parse('::layout notice\n::table 1,2\n::row a | b')).toThrow(/not closed/);
    expect(() => parse('::p text')).toThrow(/no ::layout/);
  });

  it('keeps data out of the structure: values cannot add blocks, cells or directives', () => {
    const nasty = '甲\n::title 注入 | 乙 ::break {{x}} }} <script>&__proto__ constructor';
    const { view, strings } = tokenize({ name: nasty, cells: 'a | b' });
    const v = view as { name: string; cells: string };
    expect(v.name).not.toContain('::title');
    const m = parseMarkup(`::layout notice\n::p ${v.name}\n::table 1,1\n::row ${v.cells} | x\n::endtable`, strings, { kind: 'call', template: 't' });
    // the newline inside the value starts a second paragraph of the same kind, nothing else
    expect(m.blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'table']);
    expect(m.blocks[1]).toMatchObject({ text: '::title 注入 | 乙 ::break {{x}} }} <script>&__proto__ constructor' });
    expect(m.blocks[2]).toMatchObject({ rows: [['a | b', 'x']] });
  });

  it('rebuilds objects without following __proto__ keys', () => {
    const raw = JSON.parse('{"a":{"__proto__":{"polluted":"yes"},"constructor":"c"}}') as Record<string, unknown>;
    const { view } = tokenize(raw);
    const a = (view as { a: Record<string, unknown> }).a;
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(Object.keys(a)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('templates run in a private, strict Handlebars environment', () => {
  it('errors on a missing field (strict)', async () => {
    await expect(renderModel('call', { a: 1 }, '::layout notice\n::p {{missing}}')).rejects.toThrow(/"missing" not defined/);
  });

  it('refuses unknown helpers at compile time (knownHelpersOnly)', async () => {
    await expect(renderModel('call', {}, '::layout notice\n::p {{shout "x"}}')).rejects.toThrow(/unknown helper shout/);
  });

  it('ignores helpers registered on the global Handlebars', async () => {
    Handlebars.registerHelper('leak', () => 'LEAKED');
    try {
      await expect(renderModel('call', {}, '::layout notice\n::p {{leak}}')).rejects.toThrow();
    } finally {
      Handlebars.unregisterHelper('leak');
    }
  });

  it('prints data literally: no HTML escaping, no template evaluation of values', async () => {
    const name = '{{applicant.name}} }} <script>alert(1)</script> A&B __proto__ constructor';
    const m = await renderModel('call', { name }, '::layout notice\n::p {{name}}');
    expect(m.blocks).toEqual([{ type: 'paragraph', text: name, indent: true, align: 'justify' }]);
  });
});
