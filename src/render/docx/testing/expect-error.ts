import { expect } from 'vitest';
import { HetongError } from '../../../shared/errors.js';

/** Run `fn`, assert it throws a HetongError with that code, and return the error. */
export function expectHetongError(fn: () => unknown, code: string): HetongError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a HetongError').toBeInstanceOf(HetongError);
  const err = caught as HetongError;
  expect(err.code, err.message).toBe(code);
  return err;
}
