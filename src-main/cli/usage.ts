// Exit codes and the error a command raises for an invalid request (docs/cli.md: 0 ok, 1 work failed, 2 invalid).

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID = 2;

/** A bad flag, file or config: the message names it, and the command exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
