// The run record handed out by the store and its mapping from a `runs` row.
import { z } from 'zod';
import { StoreError } from './errors';
import { ownerFromColumns, type OwnerColumns } from './lifecycle';
import { parseLifecycleState, type LifecycleState } from './lifecycle-state';
import { parseJsonObject, type JsonObject } from './json';
import type { ProcessOwner } from './owner';

export type RunState = LifecycleState;

/** An image the run could not use, with the loader's reason. */
export interface SkippedImage {
  readonly file: string;
  readonly reason: string;
}

export interface Run {
  /** 20 characters, sorting in creation order. */
  readonly id: string;
  readonly projectId: number;
  readonly sweepId: number | null;
  /** The swept parameter values this run stands for, when it belongs to a sweep. */
  readonly point: JsonObject | null;
  readonly modelId: number;
  readonly datasetId: number;
  /** Hardware config; null runs the digital model only. */
  readonly config: JsonObject | null;
  readonly params: JsonObject;
  readonly state: RunState;
  /** Image evaluations planned over all trials, and recorded so far. */
  readonly imagesTotal: number;
  readonly imagesDone: number;
  readonly seed: number;
  readonly error: string | null;
  readonly skipped: readonly SkippedImage[];
  /** The stored calibration whose converter ranges the analog trials used; null before calibration or without. */
  readonly calibrationKey: string | null;
  /** The process that last started the run. */
  readonly owner: ProcessOwner | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly updatedAt: string;
}

export interface RunRow extends OwnerColumns {
  id: string;
  project_id: number;
  sweep_id: number | null;
  point_key: string | null;
  model_id: number;
  dataset_id: number;
  config: string | null;
  params: string;
  state: string;
  images_total: number;
  images_done: number;
  seed: number;
  error: string | null;
  skipped: string;
  calibration_key: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

// zod's readonly() freezes what it parses, so the list and its entries come out immutable.
const skippedImagesSchema = z.array(z.object({ file: z.string(), reason: z.string() }).readonly()).readonly();

export function parseSkipped(text: string): readonly SkippedImage[] {
  const value: unknown = JSON.parse(text);
  const parsed = skippedImagesSchema.safeParse(value);
  if (!parsed.success)
    throw new StoreError('corrupt', `runs.skipped holds ${text}, expected [{file, reason}]`);
  return parsed.data;
}

export function toRun(row: RunRow): Run {
  return Object.freeze({
    id: row.id,
    projectId: row.project_id,
    sweepId: row.sweep_id,
    point: row.point_key === null ? null : parseJsonObject(row.point_key, 'runs.point_key'),
    modelId: row.model_id,
    datasetId: row.dataset_id,
    config: row.config === null ? null : parseJsonObject(row.config, 'runs.config'),
    params: parseJsonObject(row.params, 'runs.params'),
    state: parseLifecycleState(row.state),
    imagesTotal: row.images_total,
    imagesDone: row.images_done,
    seed: row.seed,
    error: row.error,
    skipped: parseSkipped(row.skipped),
    calibrationKey: row.calibration_key,
    owner: ownerFromColumns(row),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  });
}
