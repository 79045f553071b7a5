/** The seeded PRNG of the tests: the one the conformance cases use (src/export/cases/rng.ts). */
export { rng } from '../../src/export/cases/rng.ts';
