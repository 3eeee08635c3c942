// One array's cells in one trial of a stored run, re-created from the run's seed (its per-column ADC clipping is
// read from the statistics the run stored): the trial's programming error
// (and drift) are drawn from (seed, trial, layer) alone, so they come out exactly as the run evaluated them.
import type { ArrayCells } from '../../../src-shared/api/api';
import type { HardwareConfig } from '../../../src-shared/config/hardware';
import { mapModel } from '../../sim/compile/compile-model';
import { groupInputChannels, kernelSize } from '../../sim/compile/matrix-layer';
import { programLayer } from '../../sim/compile/program-layer';
import { SeededRandom } from '../../sim/devices/seeded-random';
import { readModelFile } from '../../sim/evaluate/model-session';
import type { Store } from '../../store';
import { AppError } from '../app-error';

export interface ArrayKey {
  runId: string;
  trial: number;
  layer: string;
  rowPartition: number;
  colPartition: number;
  slice: number;
}

export async function arrayCells(store: Store, key: ArrayKey): Promise<ArrayCells> {
  const run = store.runs.get(key.runId);
  if (!run) throw new AppError('not-found', `there is no run ${key.runId}`);
  if (!run.config)
    throw new AppError('not-found', `run ${key.runId} ran the digital model only: it has no arrays`);
  const trials = Number(run.params.trials ?? 0);
  if (key.trial >= trials)
    throw new AppError('not-found', `run ${key.runId} has ${trials} trial(s); trial ${key.trial} is not one`);
  const model = store.models.get(run.modelId);
  if (!model) throw new AppError('not-found', `the model of run ${key.runId} is no longer stored`);
  const config = run.config as unknown as HardwareConfig;
  const mapped = mapModel(await readModelFile(model.path), model.path, config);
  const index = mapped.layers.findIndex(({ analog }) => analog.name === key.layer);
  if (index < 0) throw new AppError('not-found', `run ${key.runId} has no analog layer "${key.layer}"`);
  const plan = mapped.layers[index].mapped;
  const { channelsPerPartition } = plan.rows;
  const within = (value: number, count: number, what: string) => {
    if (value >= count)
      throw new AppError('not-found', `layer ${key.layer} has ${count} ${what}; ${value} is not one`);
  };
  within(key.rowPartition, channelsPerPartition.length, 'row partition(s)');
  within(key.colPartition, plan.columns.length, 'column partition(s)');
  within(key.slice, plan.slices.length, 'weight slice(s)');
  const programmed = programLayer(plan, config, new SeededRandom(run.seed, key.trial, index));
  const channels = groupInputChannels(plan.layer);
  const kernel = kernelSize(plan.layer);
  const firstChannel = channelsPerPartition.slice(0, key.rowPartition).reduce((a, b) => a + b, 0);
  const firstOutput = plan.columns.slice(0, key.colPartition).reduce((a, b) => a + b, 0);
  const rows = channelsPerPartition[key.rowPartition] * kernel;
  const cols = plan.columns[key.colPartition];
  // Row r of the array is (channel, kernel position) = (⌊r / kernel⌋, r mod kernel); column o is an output.
  const block = (values: Float64Array) => {
    const cells = new Array<number>(rows * cols);
    for (let r = 0; r < rows; r++) {
      const channel = firstChannel + Math.floor(r / kernel);
      for (let o = 0; o < cols; o++) {
        cells[r * cols + o] = values[((firstOutput + o) * channels + channel) * kernel + (r % kernel)];
      }
    }
    return cells;
  };
  const stored = store.stats
    .arrays(key.runId, key.trial)
    .find(
      (a) =>
        a.layer === key.layer &&
        a.rowPartition === key.rowPartition &&
        a.colPartition === key.colPartition &&
        a.slice === key.slice,
    );
  const targets = plan.slices[key.slice].targets;
  const names = targets.length === 2 ? ['G+', 'G-'] : ['G'];
  return {
    rows,
    cols,
    planes: targets.map((target, plane) => ({
      name: names[plane],
      target: block(target),
      programmed: block(programmed.slices[key.slice].planes[plane]),
    })),
    columnClipping: stored?.columnClipping ? [...stored.columnClipping] : null,
  };
}
