// One array's cells in one trial of a stored run, re-created by the analog model from the run's seed (its
// per-column ADC clipping is read from the statistics the run stored): the trial's programming error (and drift)
// are drawn from (seed, trial, layer) alone, so they come out exactly as the run evaluated them.
import type { ArrayCells } from '../../../src-shared/api/api';
import { gatherArray, physicalArrays } from '../../sim/compile/physical-arrays';
import { AnalogModel } from '../../sim/evaluate/analog-model';
import { readModelFile } from '../../sim/evaluate/model-session';
import type { Store } from '../../store';
import { storedRunConfig } from './stored-runs';
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
  const config = storedRunConfig(run)!;
  const analog = AnalogModel.map(await readModelFile(model.path), model.path, config, {
    seed: run.seed,
    intraOpThreads: 1,
  });
  const { mapped } = analog;
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
  // The cells alone: what the wires make of them (a solve per array) is not shown here.
  const programmed = analog.programLayer(key.trial, index, { wires: false });
  // The first group's array at these partitions (a grouped conv maps each group to arrays of its own).
  const array = physicalArrays(plan).find(
    (candidate) =>
      candidate.group === 0 &&
      candidate.rowPartition === key.rowPartition &&
      candidate.colPartition === key.colPartition,
  )!;
  const { rows, cols } = array;
  const block = (values: Float64Array) => Array.from(gatherArray(plan, values, array));
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
