// Runs: queueing one from a project's model, dataset and hardware config; listing, reading, statistics, cells.
import type { DatasetLayout } from '../../data';
import { calibratesRanges, hardwareSchema, type HardwareConfig } from '../../../src-shared/config/hardware';
import { parseWith } from '../../../src-shared/config/fields';
import { DEFAULT_IMAGE_SAMPLE, imageCountProblem } from '../../../src-shared/config/image-sample';
import { IMAGENET_PREPROCESS, preprocessSchema } from '../../../src-shared/config/preprocess';
import { inputMismatch } from '../../../src-shared/config/preprocess-fit';
import type { ModelInfo } from '../../../src-shared/api/api';
import { assertAvailable } from '../../sim/compile/availability';
import { AppError } from '../app-error';
import { arrayCells } from '../runs/array-cells';
import type { RunRequest } from '../runs/run-request';
import { defineMethods } from './methods';
import { existing } from './project-methods';
import { modelInfo, runInfo } from './records';

export const runMethods = defineMethods({
  'runs.queue': (params, { store, jobs }) => {
    existing(store, params.projectId);
    const model = store.models.get(params.modelId);
    if (!model) throw new AppError('not-found', `there is no model ${params.modelId}`);
    const dataset = store.datasets.get(params.datasetId);
    if (!dataset) throw new AppError('not-found', `there is no dataset ${params.datasetId}`);
    const config =
      params.config === null ? null : parseWith(hardwareSchema, params.config, 'hardware config');
    if (config) assertAvailable(config);
    checkImageCounts(dataset.imageCount, params.images, config, params.calibrationImages);
    checkPreprocessFits(modelInfo(model));
    const request: RunRequest = {
      projectId: params.projectId,
      modelFile: model.path,
      dataDir: dataset.root,
      labelsFile: dataset.labelsFile ?? undefined,
      layout: dataset.layout as DatasetLayout,
      limit: params.images,
      sample: params.sample ?? DEFAULT_IMAGE_SAMPLE,
      seed: params.seed ?? 0,
      config,
      trials: params.trials,
      calibrationCount: params.calibrationImages,
      statisticsImages: params.statisticsImages,
    };
    return jobs.submitRun(request, `${model.name} on ${dataset.name}${config ? '' : ' (digital)'}`);
  },
  'runs.list': (filter, { store }) => store.runs.list(filter).map((run) => runInfo(store, run)),
  'runs.get': ({ runId }, { store }) => {
    const run = store.runs.get(runId);
    if (!run) throw new AppError('not-found', `there is no run ${runId}`);
    return {
      ...runInfo(store, run),
      // Parsed, not cast: a row stored before a field existed reads with that field's default.
      preprocess: preprocessSchema.safeParse(run.params.preprocess).data ?? null,
      preprocessSource: typeof run.params.preprocessSource === 'string' ? run.params.preprocessSource : null,
      skipped: run.skipped.map(({ file, reason }) => ({ file, reason })),
      events: store.events.list(runId).map(({ at, level, message }) => ({ at, level, message })),
      calibrationKey: run.calibrationKey,
    };
  },
  'runs.layers': ({ runId, trial }, { store }) =>
    store.stats.layers(runId, trial).map((stats) => ({
      trial: stats.trialIndex,
      layer: stats.layer,
      metrics: { ...stats.metrics },
    })),
  'runs.arrays': ({ runId, trial }, { store }) =>
    store.stats
      .arrays(runId, trial)
      .map(({ trialIndex, columnClipping: _perColumn, ...stats }) => ({ trial: trialIndex, ...stats })),
  'runs.arrayCells': (key, { store }) => arrayCells(store, key),
  'runs.delete': ({ runId }, { store, publish }) => {
    const run = store.runs.get(runId);
    if (!run) throw new AppError('not-found', `there is no run ${runId}`);
    if (run.state === 'running')
      throw new AppError('invalid-state', `run ${runId} is running; cancel its job first`);
    store.runs.delete(runId);
    publish({ type: 'changed', what: 'runs' });
    return { deleted: true as const };
  },
});

/**
 * Refuses a run whose test and calibration images do not fit its dataset before it is queued, naming the field,
 * rather than failing in the worker. Omitted counts are the run's own choice (all images, a share for calibration).
 */
function checkImageCounts(
  available: number,
  images: number | undefined,
  config: HardwareConfig | null,
  calibrationImages: number | undefined,
): void {
  if (images === undefined) return;
  const calibrates = config !== null && calibratesRanges(config);
  const problem = imageCountProblem(available, images, calibrates ? (calibrationImages ?? null) : null);
  if (problem) throw new AppError('invalid-request', `${problem.field}: ${problem.message}`);
  // Without a count given, calibration takes a share of what is not tested: at least one image must be left.
  if (calibrates && images >= available) {
    throw new AppError(
      'invalid-request',
      `images: ${images} asked for leaves none of the dataset's ${available} to calibrate this config's ranges on`,
    );
  }
}

/** A model whose stored preprocessing does not fit its input is refused here, where the user can still edit it. */
function checkPreprocessFits(model: ModelInfo): void {
  const mismatch = inputMismatch(model.input.shape, model.preprocess ?? IMAGENET_PREPROCESS);
  if (mismatch) {
    throw new AppError(
      'invalid-request',
      `the model "${model.name}" ${mismatch}: edit its preprocessing in Models & data`,
    );
  }
}
