// The errors the dataset layer raises: each names the offending file so the user knows what to fix.

/** A dataset folder, ground-truth file, image or cache entry that cannot be used as it is. */
export class DatasetError extends Error {
  override readonly name: string = 'DatasetError';

  constructor(
    readonly file: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * One image that cannot be read or decoded. Batch loading skips these and carries on, while every other
 * DatasetError stops the run, so the two must be told apart.
 */
export class UnreadableImageError extends DatasetError {
  override readonly name: string = 'UnreadableImageError';
}

/** The message of an unknown thrown value, for wrapping a library's failure in a DatasetError. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
