// What every API method works with: the store (this process is its only writer), the job queue, the folder that
// holds projects' imported models, the tensor cache, and the channel that pushes events to every connected client.
import type { ApiEvent } from '../../../src-shared/api/api';
import type { JobQueue } from '../queue/job-queue';
import type { Store } from '../../store';
import type { TensorCacheSettings } from '../user-tensor-cache';

export interface AppContext {
  store: Store;
  jobs: JobQueue;
  /** Imported models live in `<dataRoot>/projects/<id>/models/`, uploads wait in `<dataRoot>/uploads/`. */
  dataRoot: string;
  /** The folder and cap the runs' tensor caches use. */
  tensorCache: TensorCacheSettings;
  publish(event: ApiEvent): void;
}
