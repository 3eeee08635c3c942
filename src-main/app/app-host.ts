// The backend as one object, for the entry points that serve a UI (serve, Electron): the store opened, the job
// queue started (runs and sweeps of dead processes marked interrupted, resumed when asked), and one event hub
// that every connected client listens to.
import { dirname } from 'node:path';
import type { ApiEvent, ApiReply } from '../../src-shared/api/api';
import { DEFAULT_CACHE_MAX_BYTES } from '../data';
import { JobQueue, type JobQueueOptions } from './queue/job-queue';
import { openStore } from '../store';
import type { AppContext } from './api/context';
import { dispatch } from './api/dispatch';

export interface AppHostOptions extends Omit<JobQueueOptions, 'cacheDir'> {
  databaseFile: string;
  cacheDir: string;
  /** Where imported models are kept; the database's folder by default. */
  dataRoot?: string;
}

export interface AppHost {
  /** Where uploads and imported models are written. */
  readonly dataRoot: string;
  call(method: unknown, params: unknown): Promise<ApiReply>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
  close(): Promise<void>;
}

export function startAppHost(options: AppHostOptions): AppHost {
  const store = openStore(options.databaseFile);
  const listeners = new Set<(event: ApiEvent) => void>();
  const publish = (event: ApiEvent) => {
    for (const listener of listeners) listener(event);
  };
  let jobs: JobQueue;
  try {
    jobs = new JobQueue(store, options);
  } catch (error) {
    store.close();
    throw error;
  }
  jobs.subscribe(publish);
  const context: AppContext = {
    store,
    jobs,
    dataRoot: options.dataRoot ?? dirname(options.databaseFile),
    tensorCache: {
      cacheDir: options.cacheDir,
      cacheMaxBytes: options.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES,
    },
    publish,
  };
  return {
    dataRoot: context.dataRoot,
    call: (method, params) => dispatch(context, method, params),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      await jobs.close();
      store.close();
    },
  };
}
