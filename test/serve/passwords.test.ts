/** Password hashes: the product's scrypt cost, and the parameters read back from each stored hash. */
import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../src/serve/passwords.ts';
import { TEST_COST } from './helpers.ts';

describe('password hashes', () => {
  it('hashes with scrypt N=16384, r=8, p=1 by default, a fresh salt each time', async () => {
    const [a, b] = [await hashPassword('correct horse 1'), await hashPassword('correct horse 1')];
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse 1', a)).toBe(true);
    expect(await verifyPassword('correct horse 2', a)).toBe(false);
  });

  it('verifies by the parameters the hash names (the tests’ cheaper N too), NFKC-normalised', async () => {
    const cheap = await hashPassword('ｃｏｒｒｅｃｔ horse 1', TEST_COST);
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct horse 1', cheap)).toBe(true);
    expect(await verifyPassword('correct horse', cheap)).toBe(false);
    // the same key under another N is another hash: the parameters are part of what is checked
    expect(await verifyPassword('correct horse 1', cheap.replace('scrypt$1024$', 'scrypt$2048$'))).toBe(false);
    expect(await verifyPassword('anything', DUMMY_HASH)).toBe(false);
    expect(await verifyPassword('anything', 'bcrypt$x')).toBe(false);
  });
});
