// What every API method works with: the store (this process is its only writer), the job queue, the folder that
// holds projects' imported models, and the channel that pushes events to every connected client.
import type { ApiEvent } from '../../../src-shared/api/api';
import type { JobQueue } from '../../jobs/job-queue';
import type { Store } from '../../store';

export interface AppContext {
  store: Store;
  jobs: JobQueue;
  /** Imported models live in `<dataRoot>/projects/<id>/models/`, uploads wait in `<dataRoot>/uploads/`. */
  dataRoot: string;
  publish(event: ApiEvent): void;
}
