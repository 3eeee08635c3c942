// The job queue as the UI drives it, and the work a killed process left for the user to resume.
import { defineMethods } from './methods';
import { runInfo, sweepInfo } from './records';

export const jobMethods = defineMethods({
  'jobs.list': (_params, { jobs }) => jobs.list(),
  'jobs.cancel': ({ jobId }, { jobs }) => jobs.cancel(jobId),
  'jobs.pause': ({ jobId }, { jobs }) => jobs.pause(jobId),
  'jobs.resume': ({ jobId }, { jobs }) => jobs.resume(jobId),
  'jobs.interrupted': (_params, { store, jobs }) => {
    const { runs, sweeps } = jobs.interrupted();
    return { runs: runs.map((run) => runInfo(store, run)), sweeps: sweeps.map(sweepInfo) };
  },
  'jobs.resumeInterrupted': ({ kind, id }, { jobs }) =>
    kind === 'run' ? jobs.resumeRun(String(id)) : jobs.submitSweep(Number(id)),
});
