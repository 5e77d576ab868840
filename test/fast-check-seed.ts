/**
 * Property tests draw new cases on every run on a developer's machine, where a new counterexample
 * is a bug found. In CI (`CI=true`) they draw from one seed (`FC_SEED`, default below), so a run
 * passes or fails on the code alone: a merge is not refused for a case no one has seen before.
 * Run `FC_SEED=<n> npx vitest run <file>` to replay a seed that fast-check printed.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.CI === 'true' ? '20261206' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
