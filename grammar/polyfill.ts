/**
 * Chevrotain 12+ calls Object.groupBy and Map.groupBy, which Node 20 lacks (they arrive in Node 21).
 * This module is imported before chevrotain; it defines them only where missing, per the ES2024 spec's behaviour.
 */
type KeyFn<T, K> = (item: T, index: number) => K;

if (typeof (Object as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Object, 'groupBy', {
    configurable: true,
    writable: true,
    value<T>(items: Iterable<T>, key: KeyFn<T, PropertyKey>): Record<PropertyKey, T[]> {
      const out = Object.create(null) as Record<PropertyKey, T[]>;
      let i = 0;
      for (const item of items) (out[key(item, i++)] ??= []).push(item);
      return out;
    },
  });
}

if (typeof (Map as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    configurable: true,
    writable: true,
    value<T, K>(items: Iterable<T>, key: KeyFn<T, K>): Map<K, T[]> {
      const out = new Map<K, T[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const list = out.get(k);
        if (list) list.push(item);
        else out.set(k, [item]);
      }
      return out;
    },
  });
}

export {};
