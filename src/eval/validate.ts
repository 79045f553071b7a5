/**
 * Checking an application, loading zod only when needed: the compiled check (validator.ts `acceptApplication`)
 * accepts a valid application, and only one it refuses goes to the zod schema (schema.ts), which words every
 * error. Loading zod costs ~0.1 s of a `pol eval` or `pol wf apply` start; `validateApplication` in schema.ts
 * is the synchronous whole.
 */
import type { Graph } from '../ir/schema.ts';
import { acceptApplication, type Validated } from './validator.ts';

/** `validateApplication` (schema.ts), with zod loaded only for data the compiled check refuses. */
export async function validateApplicationLazily(graph: Graph, raw: unknown): Promise<Validated> {
  return acceptApplication(graph, raw) ?? (await import('./schema.ts')).validateApplication(graph, raw);
}
