// The experiment store's public surface: open a database, then use its repositories.
export { openStore, DEFAULT_BUSY_TIMEOUT_MS, type OpenOptions } from './open';
export type { Store } from './store';
export { StoreError, type StoreErrorCode } from './errors';
export { isFinished, LIFECYCLE_STATES, type LifecycleState } from './lifecycle-state';
export type { LifecycleMethods } from './lifecycle';
export { currentOwner, type ProcessOwner } from './owner';
export { MIGRATIONS, type Migration } from './migrations/index';
export type { Json, JsonObject } from './json';
export { DEFAULT_PROJECT_NAME, type Project, type ProjectRepository } from './projects';
export type { Model, ModelInput, ModelRepository } from './models';
export type { Dataset, DatasetInput, DatasetRepository } from './datasets';
export type { HardwareConfig, HardwareConfigInput, HardwareConfigRepository } from './hardware-configs';
export type { NewSweep, Sweep, SweepRepository, SweepState } from './sweeps';
export type { NewRun, RunFilter, RunRepository } from './runs';
export type { Run, RunState, SkippedImage } from './run-records';
export type {
  BatchResult,
  RecordedBatch,
  RunProgress,
  RunProgressRepository,
  Trial,
  TrialKey,
  TrialKind,
} from './run-progress';
export type { ArrayStats, LayerMetrics, LayerStats, StatsRepository } from './stats';
export type { EventLevel, EventRepository, RunEvent } from './events';
export type { Calibration, CalibrationRepository } from './calibrations';
