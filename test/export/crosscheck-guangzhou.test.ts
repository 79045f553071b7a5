import { crossCheckPolicy } from './crosscheck.ts';

crossCheckPolicy('dsl/guangzhou-cbec.pol', 20240101);
