// How a failure is told to the user, and whether it was the request's fault (exit 2) or the work's (exit 1).
import { errorCode, isRequestFault } from '../app/api/errors';

/**
 * A bad file, folder, config value or parameter given by the user: the API's own table decides, so that a failure
 * the API calls the request's fault is exit 2 here.
 */
export function isInvalidRequest(error: unknown): boolean {
  return isRequestFault(errorCode(error));
}

/** The message for stderr; CROSSBAR_DEBUG=1 adds the stack, for a bug report. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return process.env.CROSSBAR_DEBUG ? (error.stack ?? error.message) : error.message;
}
