// Every failure the app can raise, as the code and message an API client shows.
import type { ApiErrorCode } from '../../../src-shared/api/api';
import { ConfigError } from '../../../src-shared/config/fields';
import { DatasetError } from '../../data/dataset-error';
import { UnavailableOptionError, LayerConfigError } from '../../sim/compile/availability';
import { ModelError } from '../../sim/evaluate/model-session';
import { OnnxModelError } from '../../sim/onnx/onnx-model-error';
import { StoreError } from '../../store/errors';
import { JobError } from '../../jobs/job-error';
import { AppError } from '../app-error';

export function errorCode(error: unknown): ApiErrorCode {
  if (error instanceof AppError) return error.code;
  if (error instanceof ConfigError || error instanceof LayerConfigError) return 'invalid-config';
  if (error instanceof UnavailableOptionError) return 'unavailable-option';
  if (error instanceof OnnxModelError || error instanceof ModelError) return 'invalid-model';
  if (error instanceof DatasetError) return 'invalid-dataset';
  if (error instanceof JobError) return error.code;
  if (error instanceof StoreError) {
    if (error.code === 'not-found' || error.code === 'invalid-state') return error.code;
    return error.code === 'constraint' ? 'conflict' : 'store';
  }
  return 'internal';
}
