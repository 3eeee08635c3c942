// The renderer's API client: typed calls that throw what the backend refused (with its code), the live job list
// kept current from the backend's events, and the project the user is working in.
import type { ApiEvent, ApiMethod, ApiParams, ApiResult, JobInfo } from '../../src-shared/api/api';
import { isJobActive } from '../../src-shared/api/jobs';
import { chooseTransport } from './transport';

const transport = chooseTransport();
export const transportKind = transport.kind;

/** A call the backend refused: its code and a message meant for the user. */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
  const reply = await transport.call(method, params);
  if (!reply.ok) throw new ApiCallError(reply.error.code, reply.error.message);
  return reply.result as ApiResult<M>;
}

/** How `models.import` reaches a picked or dropped file: its path (desktop) or an upload (browser). */
export function importSource(file: File): Promise<{ path: string } | { uploadId: string }> {
  return transport.importSource(file);
}

export function onEvent(listener: (event: ApiEvent) => void): () => void {
  return transport.subscribe(listener);
}

/** What the whole UI shares: the current project, the jobs, and a counter bumped when stored lists change. */
export const session = $state({
  projectId: null as number | null,
  jobs: [] as JobInfo[],
  /** Bumped on every 'changed' event and every job that ends, so views reload their lists. */
  revision: 0,
});

onEvent((event) => {
  if (event.type === 'changed') {
    session.revision++;
    return;
  }
  const index = session.jobs.findIndex((job) => job.id === event.job.id);
  if (index < 0) session.jobs = [...session.jobs, event.job];
  else session.jobs[index] = event.job;
  if (!isJobActive(event.job.state)) session.revision++;
});

void call('jobs.list', {}).then((jobs) => {
  const live = new Map(session.jobs.map((job) => [job.id, job]));
  session.jobs = jobs.map((job) => live.get(job.id) ?? job);
});
