// The frame of a command that works on the store for a while: the store opened (runs and sweeps of dead
// processes marked interrupted), Ctrl-C turned into a cancel signal, progress on stderr, all released at the end.
import { resolveDatabasePath } from '../app/paths';
import { openStore, type Store } from '../store';
import type { CommandIo } from './command';
import { createProgressReporter, type ProgressReporter } from './progress-reporter';

export interface StoreJob {
  store: Store;
  signal: AbortSignal;
  progress: ProgressReporter;
}

export async function runStoreJob<T>(
  dbFlag: string | undefined,
  io: CommandIo,
  work: (job: StoreJob) => Promise<T>,
): Promise<T> {
  const store = openStore(resolveDatabasePath(dbFlag));
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  const progress = createProgressReporter(io.stderr);
  try {
    store.runs.markInterrupted();
    store.sweeps.markInterrupted();
    const result = await work({ store, signal: abort.signal, progress });
    progress.finish();
    return result;
  } finally {
    progress.finish();
    process.off('SIGINT', onInterrupt);
    store.close();
  }
}
