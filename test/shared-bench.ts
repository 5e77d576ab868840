/**
 * Where the standard benchmark contract lives (`shared/bench/`, beside the repository in CI and on
 * developer machines): `HETONG_BENCH_DIR` if set, else `../shared/bench` relative to the repository,
 * else `/work/shared/bench`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findBenchDir(): string {
  if (process.env.HETONG_BENCH_DIR) return process.env.HETONG_BENCH_DIR;
  const beside = fileURLToPath(new URL('../../shared/bench/', import.meta.url));
  return existsSync(beside) ? beside : '/work/shared/bench';
}

export const BENCH_DIR = findBenchDir();
export const STANDARD_DOCX = join(BENCH_DIR, 'standard-contract.docx');
export const STANDARD_DATA = join(BENCH_DIR, 'standard-contract.data.json');
