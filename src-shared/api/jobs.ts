// Jobs as the UI sees them: queued runs and sweeps with their progress, and the events that report changes.

/** A job's own state; 'paused' holds its worker between batches (the stored run stays 'running'). */
export type JobState = 'queued' | 'running' | 'paused' | 'finished' | 'failed' | 'cancelled';

export const FINISHED_JOB_STATES: readonly JobState[] = ['finished', 'failed', 'cancelled'];

/** Queued, running or paused: the job still holds, or will take, a worker. */
export function isJobActive(state: JobState): boolean {
  return !FINISHED_JOB_STATES.includes(state);
}

/** The steps of an analog trial that evaluate no images, each counted in its own units. */
export type RunStepName = 'mapping' | 'calibration' | 'programming' | 'compiling' | 'statistics';

/** Mapping and programming count layers, calibration and statistics images, compiling one session. */
export interface RunStep {
  name: RunStepName;
  done: number;
  total: number;
}

/** How a step reads beside its count, in the CLI's bar and the run queue. */
export const RUN_STEP_LABELS: Record<RunStepName, string> = {
  mapping: 'mapping layers',
  calibration: 'calibrating (images)',
  programming: 'programming layers',
  compiling: 'compiling the session',
  statistics: 'per-array statistics (images)',
};

export interface JobProgress {
  /** Image evaluations done and planned (images × (1 + trials), summed over a sweep's points). */
  imagesDone: number;
  imagesTotal: number;
  /** A sweep's points finished and in all; 1 point for a run. */
  pointsDone: number;
  pointsTotal: number;
  /** What the most recent batch was: the digital baseline or an analog trial (0-based). */
  phase: 'digital' | 'analog' | null;
  trial: number | null;
  /** The step under way between image batches, or null while images are evaluated. */
  step: RunStep | null;
  /** From the rate timed since the job's first reported batch (one-off start-up costs left out); null until then. */
  etaSeconds: number | null;
}

export interface JobInfo {
  id: string;
  kind: 'run' | 'sweep';
  label: string;
  state: JobState;
  projectId: number | null;
  /** The sweep this job evaluates (kind 'sweep'). */
  sweepId: number | null;
  /** The stored runs this job created or continued, oldest first. */
  runIds: string[];
  progress: JobProgress;
  error: { code: string; message: string } | null;
  createdAt: string;
}

export type ApiEvent =
  | { type: 'job'; job: JobInfo }
  /** Something stored changed outside a job (a project renamed, a model imported): lists may be stale. */
  | { type: 'changed'; what: 'projects' | 'models' | 'datasets' | 'hardware' | 'runs' | 'sweeps' };
