/**
 * Setup for `npm run test:mutation` only (vitest.mutation.config.ts). A property that fails has
 * killed its mutant: shrinking the counterexample to the smallest one only costs time, once per
 * mutant. The properties keep their full number of runs.
 */
import fc from 'fast-check';

fc.configureGlobal({ endOnFailure: true });
