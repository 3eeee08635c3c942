// Store failures as one error type whose message names the database file and says what the user can do.
import Database from 'better-sqlite3';

export type StoreErrorCode =
  | 'cannot-open'
  | 'not-a-database'
  | 'foreign-database'
  | 'newer-schema'
  | 'needs-upgrade'
  | 'migration-failed'
  | 'read-only'
  | 'locked'
  | 'corrupt'
  | 'disk-full'
  | 'io'
  | 'constraint'
  | 'not-found'
  | 'invalid-state'
  | 'sqlite';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What an error message needs to know about the open database. */
export interface StoreContext {
  readonly file: string;
  readonly readonly: boolean;
  readonly busyTimeoutMs: number;
}

/** Turns a SQLite failure into a StoreError naming the file; anything else (a bug) passes through unchanged. */
export function toStoreError(context: StoreContext, error: unknown): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  const [code, message] = describeSqliteError(context, error);
  return new StoreError(code, message, { cause: error });
}

function describeSqliteError(
  { file, readonly, busyTimeoutMs }: StoreContext,
  error: InstanceType<typeof Database.SqliteError>,
): [StoreErrorCode, string] {
  // Extended codes (SQLITE_READONLY_DIRECTORY) share the message of their primary code (SQLITE_READONLY).
  const primaryCode = error.code.split('_').slice(0, 2).join('_');
  const sqliteCode = error.code.replace(/^SQLITE_/, '');
  switch (primaryCode) {
    case 'SQLITE_NOTADB':
      return ['not-a-database', `${file} is not a Crossbar Studio database (${error.message})`];
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return [
        'locked',
        `${file} is locked by another process (still busy after ${busyTimeoutMs} ms); ` +
          'close the other Crossbar Studio or use another --db',
      ];
    case 'SQLITE_READONLY':
      return ['read-only', `${file} cannot be written (${readOnlyReason(sqliteCode, readonly)})`];
    case 'SQLITE_CANTOPEN':
      return [
        'cannot-open',
        `cannot open ${file} (${error.message}); check that its folder exists and is writable`,
      ];
    case 'SQLITE_CORRUPT':
      return ['corrupt', `${file} is damaged (${error.message})`];
    case 'SQLITE_FULL':
      return ['disk-full', `${file} cannot grow: the disk is full`];
    case 'SQLITE_IOERR':
      return [
        'io',
        sqliteCode === 'IOERR_WRITE'
          ? `${file} could not be written (${sqliteCode}): the disk may be full, over a size limit or failing; ` +
            'what was stored before is intact'
          : `${file}: input/output error (${sqliteCode})`,
      ];
    case 'SQLITE_CONSTRAINT':
      return ['constraint', `${file}: ${error.message}`];
    default:
      return ['sqlite', `${file}: ${error.message} (${sqliteCode})`];
  }
}

function readOnlyReason(sqliteCode: string, openedReadOnly: boolean): string {
  if (openedReadOnly) return 'it was opened read-only';
  if (sqliteCode === 'READONLY_DIRECTORY') return 'its folder is read-only';
  return 'the file or its folder is read-only; check the permissions or use another --db';
}

/**
 * Wraps every method of a repository so SQLite failures surface as StoreErrors naming the file; doing it once
 * here keeps the repositories free of per-method try/catch.
 */
export function withStoreErrors<T extends object>(context: StoreContext, repository: T): T {
  const wrapped = Object.entries(repository).map(([name, member]: [string, unknown]) => {
    if (typeof member !== 'function') return [name, member];
    const guarded = (...args: unknown[]) => {
      try {
        return member(...args);
      } catch (error) {
        throw toStoreError(context, error);
      }
    };
    return [name, guarded];
  });
  // The entries are the repository's own members, each either unchanged or wrapped with the same signature.
  return Object.freeze(Object.fromEntries(wrapped)) as T;
}

/** Returns the value, or throws a not-found StoreError naming what was looked up. */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new StoreError('not-found', `${what} does not exist`);
  return value;
}

/** Throws a not-found StoreError unless the statement changed a row. */
export function changedRow(result: Database.RunResult, what: string): void {
  if (result.changes === 0) throw new StoreError('not-found', `${what} does not exist`);
}

/** INSERT … RETURNING and aggregates always yield a row; this says so to the type checker. */
export function expectedRow<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('a statement that always yields a row yielded none');
  return row;
}
