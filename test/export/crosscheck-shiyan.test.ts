import { crossCheckPolicy } from './crosscheck.ts';

crossCheckPolicy('dsl/shiyan-foreign-trade.pol', 20210101);
