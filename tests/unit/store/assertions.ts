// Asserts that a call fails with a StoreError of the given code, and returns the error for further checks.
import { expect } from 'vitest';
import { StoreError, type StoreErrorCode } from '../../../src-main/store/index';

export function expectStoreError(action: () => unknown, code: StoreErrorCode): StoreError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(StoreError);
  const error = thrown as StoreError;
  expect(error.code, error.message).toBe(code);
  return error;
}
