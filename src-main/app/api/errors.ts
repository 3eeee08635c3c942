// Every failure the app can raise, as the code an API client shows: the one table of failures, which the CLI reads
// too (a request fault exits 2), so that the API and the CLI cannot disagree about whose fault a failure is.
import { REQUEST_FAULT_CODES, type ApiErrorCode } from '../../../src-shared/api/api';
import { ConfigError } from '../../../src-shared/config/fields';
import { DatasetError } from '../../data/dataset-error';
import { SubsetSizeError } from '../../data/subsets';
import { UnavailableOptionError, LayerConfigError } from '../../sim/compile/availability';
import { ModelError } from '../../sim/evaluate/model-session';
import { OnnxModelError } from '../../sim/onnx/onnx-model-error';
import { StoreError, type StoreErrorCode } from '../../store/errors';
import { JobError } from '../../jobs/job-error';
import { AppError } from '../app-error';

/** Store failures that mean the database file the user named cannot be used as it is. */
const DATABASE_FILE_FAULTS: readonly StoreErrorCode[] = [
  'not-a-database',
  'foreign-database',
  'newer-schema',
  'cannot-open',
  'read-only',
];

export function errorCode(error: unknown): ApiErrorCode {
  if (error instanceof AppError) return error.code;
  if (error instanceof ConfigError || error instanceof LayerConfigError) return 'invalid-config';
  if (error instanceof UnavailableOptionError) return 'unavailable-option';
  if (error instanceof OnnxModelError || error instanceof ModelError) return 'invalid-model';
  if (error instanceof DatasetError) return 'invalid-dataset';
  // More test or calibration images than the dataset holds: the request asked for them.
  if (error instanceof SubsetSizeError) return 'invalid-request';
  if (error instanceof JobError) return error.code;
  if (error instanceof StoreError) {
    if (error.code === 'not-found' || error.code === 'invalid-state') return error.code;
    if (DATABASE_FILE_FAULTS.includes(error.code)) return 'invalid-database';
    return error.code === 'constraint' ? 'conflict' : 'store';
  }
  return 'internal';
}

const REQUEST_FAULTS: ReadonlySet<ApiErrorCode> = new Set<ApiErrorCode>(REQUEST_FAULT_CODES);

export function isRequestFault(code: ApiErrorCode): boolean {
  return REQUEST_FAULTS.has(code);
}
