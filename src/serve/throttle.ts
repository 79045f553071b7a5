/**
 * Slowing down password guessing: after a few failed logins for one user name or from one address,
 * every further attempt waits before it is answered, doubling up to a ceiling, until a quiet window
 * passes. Kept in the memory of each process (a guesser spread over several processes is slowed by each).
 */
export interface ThrottleOptions {
  /** Failures answered at once. */
  free: number;
  /** The first delay after them, doubled per further failure. */
  baseMs: number;
  maxMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { free: 5, baseMs: 500, maxMs: 10_000, windowMs: 15 * 60_000 };

export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(private readonly opts: ThrottleOptions = DEFAULT_THROTTLE) {}

  /** How long to wait before answering an attempt under these keys (user name, address). */
  delayFor(keys: readonly string[], now = Date.now()): number {
    let worst = 0;
    for (const k of keys) {
      const f = this.failures.get(k);
      if (!f || now - f.last > this.opts.windowMs) continue;
      const over = f.count - this.opts.free;
      if (over >= 0) worst = Math.max(worst, Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** Math.min(over, 20)));
    }
    return worst;
  }

  fail(keys: readonly string[], now = Date.now()): void {
    if (this.failures.size > 100_000) this.prune(now);
    for (const k of keys) {
      const f = this.failures.get(k);
      this.failures.set(k, { count: f && now - f.last <= this.opts.windowMs ? f.count + 1 : 1, last: now });
    }
  }

  /** A successful login clears the user's count (not the address's). */
  succeed(key: string): void {
    this.failures.delete(key);
  }

  private prune(now: number): void {
    for (const [k, f] of this.failures) if (now - f.last > this.opts.windowMs) this.failures.delete(k);
  }
}
