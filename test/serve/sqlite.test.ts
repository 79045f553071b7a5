/** The HTTP contract (contract.ts) on a SQLite store. */
import { serveContract } from './contract.ts';
import { sqliteStore } from './helpers.ts';

serveContract('SQLite', sqliteStore);
