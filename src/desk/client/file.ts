/**
 * 申报: an applicant chooses a benefit and fills a form generated from what the rules read (inputs with their
 * units and the measure's own words as help, lists, who may apply), sees the ceiling live before filing,
 * files, and is taken to the application's page to follow its state.
 */
import { ApiFailure, getJson, postJson, session } from './api.ts';
import { alertBox, h, mount, yuan } from './dom.ts';
import { go } from './nav.ts';

interface PolicyView {
  id: string;
  title: string;
  benefits: { id: string; measure: string; workflow: string | null }[];
}
interface Form {
  benefit: { id: string; title: string; measure: string; measureTitle: string; text: string; amount: string };
  kinds: { code: string; title: string }[];
  districts: string[];
  inputs: { name: string; type: { kind: string; currency?: string; unit?: string; options?: string[] }; description: string }[];
  lists: { id: string; title: string }[];
}
interface Result {
  benefit: string;
  eligible: boolean;
  ceilingFen: number;
  reasons: string[];
}

const UNIT: Record<string, string> = { money: '元', percent: '%' };

export async function filePage(): Promise<void> {
  const policies = (await getJson<PolicyView[]>('/api/v1/policies')).filter((p) => p.benefits.some((b) => b.workflow));
  const { today } = await getJson<{ today: string }>('/api/v1/workdays?to=2000-01-01');
  const params = new URLSearchParams(location.search);
  const choose = h('select', { id: 'benefit', name: 'benefit' }, h('option', { value: '' }, '请选择'));
  for (const p of policies) {
    const group = h('optgroup', { label: p.title });
    for (const b of p.benefits.filter((x) => x.workflow)) group.append(h('option', { value: `${p.id}|${b.id}` }, `${b.id}（措施 ${b.measure}）`));
    choose.append(group);
  }
  const formHost = h('div');
  mount(
    h('h1', {}, '申报'),
    h('p', { class: 'field' }, h('label', { for: 'benefit' }, '扶持项目'), choose),
    formHost,
  );
  const open = async () => {
    const [policy, benefit] = choose.value.split('|');
    if (!policy || !benefit) return formHost.replaceChildren();
    history.replaceState(null, '', `/file?policy=${encodeURIComponent(policy)}&benefit=${encodeURIComponent(benefit)}`);
    formHost.replaceChildren(await benefitForm(policy, benefit, today));
  };
  choose.addEventListener('change', () => void open());
  const pre = params.get('policy') && params.get('benefit') ? `${params.get('policy')}|${params.get('benefit')}` : policies.length === 1 && policies[0]!.benefits.filter((b) => b.workflow).length === 1 ? `${policies[0]!.id}|${policies[0]!.benefits[0]!.id}` : '';
  if (pre) {
    choose.value = pre;
    await open();
  }
}

async function benefitForm(policy: string, benefitId: string, today: string): Promise<HTMLElement> {
  const form = await getJson<Form>(`/api/v1/policies/${encodeURIComponent(policy)}/form?benefit=${encodeURIComponent(benefitId)}`);
  const me = session()?.user;
  const field = (id: string, label: string, input: HTMLElement, help?: string, unit?: string) =>
    h('p', { class: 'field' }, h('label', { for: id }, label), h('span', { class: 'with-unit' }, input, unit ? h('span', { class: 'unit' }, unit) : ''), help ? h('small', { class: 'help', id: `${id}-help` }, help) : '');
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const add = (id: string, el: HTMLInputElement | HTMLSelectElement) => (inputs.set(id, el), el);

  const name = add('name', h('input', { id: 'name', required: true, maxlength: 200 }));
  const uscc = add('uscc', h('input', { id: 'uscc', value: me?.applicantId ?? '', readonly: !!me?.applicantId, required: true, maxlength: 18 }));
  const kind = add('kind', h('select', { id: 'kind' }, ...form.kinds.map((k) => h('option', { value: k.code }, k.title))));
  const district = add('district', h('select', { id: 'district' }, h('option', { value: '' }, '（不属于任何区）'), ...form.districts.map((d) => h('option', { value: d }, d))));
  const project = add('project', h('input', { id: 'project', required: true, maxlength: 100, placeholder: '如 P-2025-001' }));
  const date = add('date', h('input', { id: 'date', type: 'date', value: today, max: today, required: true }));
  const factFields = form.inputs.map((i, n) => {
    const id = `fact-${n}`;
    let el: HTMLInputElement | HTMLSelectElement;
    if (i.type.kind === 'bool') el = h('input', { id, type: 'checkbox' });
    else if (i.type.kind === 'date') el = h('input', { id, type: 'date' });
    else if (i.type.options) el = h('select', { id }, h('option', { value: '' }, '请选择'), ...i.type.options.map((o) => h('option', { value: o }, o)));
    else if (i.type.kind === 'text') el = h('input', { id, maxlength: 200 });
    else el = h('input', { id, inputmode: 'decimal', 'aria-describedby': `${id}-help` });
    add(id, el);
    const unit = i.type.kind === 'money' ? (i.type.currency && i.type.currency !== 'CNY' ? i.type.currency : '元') : i.type.kind === 'count' ? (i.type.unit ?? '') : UNIT[i.type.kind];
    return field(id, i.name, el, i.description, unit);
  });
  const listFields = form.lists.map((l, n) => {
    const id = `list-${n}`;
    const member = add(id, h('input', { id, type: 'checkbox' }));
    const first = add(`${id}-first`, h('input', { id: `${id}-first`, type: 'checkbox' }));
    return h('fieldset', {}, h('legend', {}, l.title), h('p', { class: 'check' }, member, h('label', { for: id }, `已入选“${l.id}”`)), h('p', { class: 'check' }, first, h('label', { for: `${id}-first` }, '本年度首次入选')));
  });

  const application = () => {
    const facts: Record<string, unknown> = {};
    form.inputs.forEach((i, n) => {
      const el = inputs.get(`fact-${n}`)!;
      if (i.type.kind === 'bool') facts[i.name] = (el as HTMLInputElement).checked;
      else if (el.value.trim() === '') return;
      else if (['money', 'count', 'percent', 'number'].includes(i.type.kind)) facts[i.name] = Number(el.value.replace(/[,，\s]/g, ''));
      else facts[i.name] = el.value.trim();
    });
    const lists: Record<string, unknown> = {};
    form.lists.forEach((l, n) => {
      lists[l.id] = { member: (inputs.get(`list-${n}`) as HTMLInputElement).checked, firstTime: (inputs.get(`list-${n}-first`) as HTMLInputElement).checked };
    });
    return {
      date: date.value,
      applicant: { id: uscc.value.trim(), name: name.value.trim(), kind: kind.value, ...(district.value ? { district: district.value } : {}) },
      project: project.value.trim(),
      facts,
      lists,
    };
  };

  const ceiling = h('div', { class: 'ceiling', 'aria-live': 'polite', id: 'ceiling' }, h('p', { class: 'muted' }, '填写后即时显示可获支持的上限。'));
  let timer: number | undefined;
  let asked = 0;
  const estimate = () => {
    clearTimeout(timer);
    timer = window.setTimeout(async () => {
      const mine = ++asked;
      try {
        const out = await postJson<{ results: Result[] }>('/api/v1/eval', { policy, application: application() });
        if (mine !== asked) return;
        const r = out.results.find((x) => x.benefit === benefitId);
        ceiling.replaceChildren(
          r
            ? h('div', {}, h('p', { class: 'big' }, r.eligible ? `预计上限：${yuan(r.ceilingFen)} 元` : '按目前填写，不符合条件'), h('ul', { class: 'reasons' }, ...r.reasons.map((x) => h('li', {}, x))))
            : h('p', {}, '此扶持项目不按金额评估'),
        );
      } catch (e) {
        if (mine !== asked) return;
        ceiling.replaceChildren(h('p', { class: 'muted' }, e instanceof ApiFailure ? `尚不能评估：${e.message}` : '暂时无法评估'));
      }
    }, 300);
  };
  const alert = alertBox();
  const el = h(
    'form',
    { class: 'card', novalidate: true },
    h('h2', {}, form.benefit.title),
    h('p', { class: 'muted' }, `依据措施 ${form.benefit.measure}“${form.benefit.measureTitle}”${form.benefit.amount ? `：${form.benefit.amount}` : ''}`),
    form.benefit.text ? h('blockquote', {}, form.benefit.text) : '',
    h(
      'div',
      { class: 'cols' },
      h(
        'div',
        {},
        h('h3', {}, '申报主体'),
        field('name', '申报主体名称', name),
        field('uscc', '统一社会信用代码', uscc),
        field('kind', '主体类型', kind),
        field('district', '所在区', district),
        field('project', '项目编号', project),
        field('date', '申报日期', date),
        h('h3', {}, '申报内容'),
        ...factFields,
        ...listFields,
      ),
      h('div', {}, h('h3', {}, '可获支持'), ceiling),
    ),
    alert,
    h('p', {}, h('button', { type: 'submit', class: 'primary' }, '提交申报')),
  );
  el.addEventListener('input', estimate);
  el.addEventListener('change', estimate);
  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.say('');
    try {
      const view = await postJson<{ id: string }>('/api/v1/applications', { policy, benefit: benefitId, application: application() });
      go(`/applications/${encodeURIComponent(view.id)}`);
    } catch (err) {
      alert.say(err instanceof ApiFailure ? err.message : '提交失败，请稍后重试');
    }
  });
  return el;
}
