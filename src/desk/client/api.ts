/** The JSON API of pol serve, with the login token from sessionStorage in the Authorization header. */
import { currentPage, go, stillOn } from './nav.ts';

export interface User {
  name: string;
  unit: string | null;
  roles: string[];
  applicantId: string | null;
}

export interface AppView {
  id: string;
  policy: string;
  benefit: string;
  state: string;
  stateLabel: string;
  applicant: { id: string; name: string | null; district: string | null };
  project: string | null;
  ceilingFen: number;
  grantedFen: number | null;
  deadline: string | null;
  version: number;
  allowedActions: string[];
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN = 'pol.token';
const USER = 'pol.user';

export function session(): { token: string; user: User } | undefined {
  const token = sessionStorage.getItem(TOKEN);
  const user = sessionStorage.getItem(USER);
  return token && user ? { token, user: JSON.parse(user) as User } : undefined;
}

export function saveSession(token: string, user: User): void {
  sessionStorage.setItem(TOKEN, token);
  sessionStorage.setItem(USER, JSON.stringify(user));
}

export function clearSession(): void {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(USER);
}

/** What never settles: the answer to a page the user has left, which its page must not act on. */
const dropped = new Promise<never>(() => undefined);

async function request(method: string, url: string, body?: unknown): Promise<Response> {
  const at = currentPage();
  const headers: Record<string, string> = {};
  const s = session();
  if (s) headers.authorization = `Bearer ${s.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!stillOn(at)) return dropped;
  if (res.status === 401 && s) {
    clearSession();
    go(`/login?next=${encodeURIComponent(location.pathname)}`);
    return dropped;
  }
  if (!res.ok) {
    let code = `HTTP${res.status}`;
    let message = `请求失败（${res.status}）`;
    try {
      const j = (await res.json()) as { error?: { code: string; message: string } };
      if (j.error) ({ code, message } = j.error);
    } catch {
      // not JSON: keep the status
    }
    throw new ApiFailure(res.status, code, message);
  }
  return res;
}

export async function getJson<T>(url: string): Promise<T> {
  return jsonOf<T>(await request('GET', url));
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  return jsonOf<T>(await request('POST', url, body));
}

/** A response's JSON, unless the user has left its page while it was read. */
async function jsonOf<T>(res: Response): Promise<T> {
  const at = currentPage();
  const json = (await res.json()) as T;
  return stillOn(at) ? json : dropped;
}

/** A file behind the token, as a blob URL for a link or a frame. */
export async function blobUrl(url: string, body?: unknown): Promise<string> {
  const res = await request(body === undefined ? 'GET' : 'POST', url, body);
  const at = currentPage();
  const blob = await res.blob();
  return stillOn(at) ? URL.createObjectURL(blob) : dropped;
}
