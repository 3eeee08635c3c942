// An error an app use case raises on purpose, with the API code a client shows (a missing run, a bad request).
import type { ApiErrorCode } from '../../src-shared/api/api';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}
