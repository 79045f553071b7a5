/**
 * Moving between the desk's pages without loading the app again: a link of the desk, a login, a filing or a
 * logout shows the next page in place (the address and the history as with a page load; back and forward work).
 *
 * Each move starts a new page: a response that arrives for an earlier page is dropped (`stillOn`), so a late
 * answer cannot overwrite the page the user has gone on to.
 */

let page = 0;
let show: () => void = () => undefined;

/** The page now shown: a number that changes on every move. */
export function currentPage(): number {
  return page;
}

/** Whether the page `at` (from `currentPage`) is still the one shown. */
export function stillOn(at: number): boolean {
  return at === page;
}

/** Set once by main.ts: what shows the page of the current address. */
export function onMove(render: () => void): void {
  show = render;
  addEventListener('popstate', () => {
    page++;
    show();
  });
  document.addEventListener('click', follow);
}

/** Go to `path` (a page of the desk): a new history entry, or in place of the current one. */
export function go(path: string, replace = false): void {
  page++;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  if (!replace) scrollTo(0, 0);
  show();
}

/** Show the current address again, as a page of its own (after a change the page shows). */
export function refresh(): void {
  page++;
  show();
}

const PAGE = /^\/(?:$|login$|file$|playground$|policies(?:\/[^/]+)?$|applications\/[^/]+$)/;

/** A plain click on a link to a page of the desk moves in place; anything else is the browser's. */
function follow(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.('a[href]');
  if (!(a instanceof HTMLAnchorElement) || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href);
  if (url.origin !== location.origin || !PAGE.test(url.pathname)) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return; // an anchor on this page
  e.preventDefault();
  go(url.pathname + url.search);
}
