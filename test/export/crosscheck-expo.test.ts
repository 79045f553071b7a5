import { crossCheckPolicy } from './crosscheck.ts';

crossCheckPolicy('dsl/expo-support-en.pol', 20250101);
