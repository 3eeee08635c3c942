// What the experiment builder queues, checked before its Queue button is enabled: the request exactly as the API
// receives it, validated with the API's own schema (runs.queue) or the sweep spec's, and its image counts against
// the dataset with the check the API refuses them with; each message is placed beside its field.
import type { z } from 'zod';
import { API_REQUESTS, type ApiParams, type DatasetInfo, type ModelInfo } from '../../src-shared/api/api';
import { imageCountProblem, type ImageSample } from '../../src-shared/config/image-sample';
import { sweepSpecSchema } from '../../src-shared/config/sweep-spec';
import { errorSentence } from './error-sentence';
import type { SweepSpecInput } from '../../src-shared/config/sweep-spec';

/** The builder's "Run on" fields; a number input that is cleared holds null. */
export interface RunTarget {
  modelId: number;
  datasetId: number;
  images: number;
  sample: ImageSample;
  trials: number;
  calibrationImages: number;
  seed: number;
  statisticsImages: number;
}

export type TargetField = keyof RunTarget;

export interface TargetCheck {
  /** The message beside each field that has one. */
  fields: Partial<Record<TargetField, string>>;
  /** Problems no field of the target holds (a sweep axis), as sentences. */
  other: string[];
}

export interface SweepDraft {
  name: string;
  base: unknown;
  axes: SweepSpecInput['axes'];
}

export type QueueRequest =
  { kind: 'run'; params: ApiParams<'runs.queue'> } | { kind: 'sweep'; params: ApiParams<'sweeps.queue'> };

const TARGET_FIELDS: readonly string[] = [
  'modelId',
  'datasetId',
  'images',
  'sample',
  'trials',
  'calibrationImages',
  'seed',
  'statisticsImages',
] satisfies TargetField[];

/** Where a sweep spec's fields are in the builder. */
const SPEC_FIELDS: Record<string, TargetField> = {
  'images.count': 'images',
  'images.sample': 'sample',
  'images.seed': 'seed',
  'calibration.count': 'calibrationImages',
  'calibration.seed': 'seed',
  trials: 'trials',
  seed: 'seed',
};

/** A run of `config` on the target, or, with axes, a sweep of it over them. */
export function queueRequest(
  projectId: number,
  target: RunTarget,
  config: Record<string, unknown>,
  sweep: SweepDraft | null,
  [model, dataset]: [ModelInfo | undefined, DatasetInfo | undefined],
): QueueRequest {
  if (!sweep) return { kind: 'run', params: { projectId, ...target, config } };
  const spec = {
    name: sweep.name || 'sweep',
    model: model?.path ?? null,
    data: dataset?.root ?? null,
    images: { count: target.images, sample: target.sample, seed: target.seed },
    calibration: { count: target.calibrationImages, seed: target.seed + 1 },
    base: config,
    axes: sweep.axes,
    trials: target.trials,
    seed: target.seed,
  };
  return { kind: 'sweep', params: { projectId, spec } };
}

/**
 * Every problem the API would refuse the request for, by field. `calibrates`: whether the run's config measures
 * its ranges on calibration images (a sweep always sets them aside, as the API checks).
 */
export function checkRequest(
  request: QueueRequest,
  dataset: DatasetInfo | undefined,
  calibrates: boolean,
): TargetCheck {
  const check: TargetCheck = { fields: {}, other: [] };
  const place = (field: TargetField | undefined, path: string, message: string) => {
    if (!field)
      check.other.push(errorSentence({ code: 'invalid-config', message: `${path} ${message}` }).sentence);
    else check.fields[field] ??= message;
  };
  const issues = requestIssues(request);
  for (const issue of issues) {
    const path = issue.path.join('.');
    const field =
      request.kind === 'run' ? (TARGET_FIELDS.includes(path) ? path : undefined) : SPEC_FIELDS[path];
    place(field as TargetField | undefined, path, issue.message);
  }
  const { images, calibrationImages } = targetCounts(request);
  if (dataset && check.fields.images === undefined && check.fields.calibrationImages === undefined) {
    const calibration = request.kind === 'sweep' || calibrates ? calibrationImages : null;
    const problem = imageCountProblem(dataset.imageCount, images, calibration);
    if (problem) place(problem.field, problem.field, problem.message);
  }
  return check;
}

export function isClear(check: TargetCheck): boolean {
  return Object.keys(check.fields).length === 0 && check.other.length === 0;
}

function requestIssues(request: QueueRequest): z.core.$ZodIssue[] {
  const parsed =
    request.kind === 'run'
      ? API_REQUESTS['runs.queue'].safeParse(request.params)
      : sweepSpecSchema.safeParse(request.params.spec);
  return parsed.success ? [] : parsed.error.issues;
}

function targetCounts(request: QueueRequest): { images: number; calibrationImages: number } {
  if (request.kind === 'run') {
    return { images: request.params.images!, calibrationImages: request.params.calibrationImages! };
  }
  const spec = request.params.spec as { images: { count: number }; calibration: { count: number } };
  return { images: spec.images.count, calibrationImages: spec.calibration.count };
}
