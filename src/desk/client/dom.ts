/** A tiny DOM builder: h('button', { onclick }, '受理'). Text is always set as text, never as HTML. */
import { yuanFigures } from '../../values/money.ts';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'class') el.className = String(v);
    else if (k in el && typeof v !== 'string') (el as unknown as Record<string, unknown>)[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** Replace the page's main content. */
export function mount(...nodes: (Node | string)[]): void {
  const main = document.getElementById('main')!;
  main.replaceChildren(...nodes);
  const title = main.querySelector('h1');
  if (title) document.title = `${title.textContent} — pol 政策办理台`;
}

/** Amount in fen as yuan with separators: 40000000 → 400,000.00 */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `${fen < 0 ? '-' : ''}${yuanFigures(Math.abs(fen))}`;
}

/** An alert region for refusals and errors, announced by screen readers. */
export function alertBox(): HTMLElement & { say(msg: string, ok?: boolean): void } {
  const el = h('p', { role: 'alert', class: 'alert', hidden: true }) as unknown as HTMLElement & { say(msg: string, ok?: boolean): void };
  el.say = (msg: string, ok = false) => {
    el.textContent = msg;
    el.hidden = !msg;
    el.className = ok ? 'alert ok' : 'alert';
  };
  return el;
}
