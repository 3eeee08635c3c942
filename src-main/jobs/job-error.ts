// A job request that names no job (or run, or sweep), or one whose state does not allow the action.
export class JobError extends Error {
  override readonly name = 'JobError';
  constructor(
    readonly code: 'not-found' | 'invalid-state',
    message: string,
  ) {
    super(message);
  }
}
