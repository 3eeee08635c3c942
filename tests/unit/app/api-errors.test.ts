// The one table of failures: the API's code for each error, and the CLI's exit 2 read from the same table.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src-shared/config/fields';
import { errorCode } from '../../../src-main/app/api/errors';
import { AppError } from '../../../src-main/app/app-error';
import { isInvalidRequest } from '../../../src-main/cli/failures';
import { DatasetError, SubsetSizeError } from '../../../src-main/data';
import { JobError } from '../../../src-main/jobs/job-error';
import { StoreError } from '../../../src-main/store';

describe('errorCode', () => {
  it('calls a user error by a user-facing kind, as the CLI does', () => {
    const cases: [Error, string, boolean][] = [
      [new ConfigError('invalid hardware config'), 'invalid-config', true],
      [new DatasetError('/x', 'dataset folder not found: /x'), 'invalid-dataset', true],
      [new SubsetSizeError(5000, 1000, 'the test subset asks for 5000 images'), 'invalid-request', true],
      [new StoreError('not-a-database', 'x.db is not a database'), 'invalid-database', true],
      [new StoreError('read-only', 'x.db is read-only'), 'invalid-database', true],
      [new AppError('invalid-request', 'images: 5000 asked for'), 'invalid-request', true],
      [new StoreError('constraint', 'duplicate'), 'conflict', false],
      [new StoreError('locked', 'busy'), 'store', false],
      [new JobError('not-found', 'there is no job job-9'), 'not-found', false],
      [new TypeError('x is undefined'), 'internal', false],
    ];
    for (const [error, code, fault] of cases) {
      expect(errorCode(error), error.message).toBe(code);
      expect(isInvalidRequest(error), error.message).toBe(fault);
    }
  });
});
