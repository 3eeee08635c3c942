// A sweep: one run per point of the spec's grid, stored as runs of the sweep; an interrupted sweep resumes
// without redoing a finished point, and every point's random numbers come from the sweep seed and its parameters.
import { createHash } from 'node:crypto';
import { parseSweepSpec, type SweepPoint, type SweepSpec } from '../../../src-shared/config/sweep-spec';
import { ConfigError } from '../../../src-shared/config/fields';
import type { JsonObject, Store, SweepState } from '../../store';
import { canonicalJson } from '../../store/json';
import { openDataset } from '../../data';
import { evaluateRun, type RunOptions } from '../runs/evaluate-run';
import { resolveRunInputs } from '../runs/resolve-inputs';
import { summarizeRun, type RunSummary } from '../runs/run-summary';

export interface SweepPointSummary {
  params: JsonObject;
  runId: string;
  digital: RunSummary['digital'];
  analog: RunSummary['analog'];
}

export interface SweepSummary {
  sweepId: number;
  status: SweepState;
  points: SweepPointSummary[];
}

export interface SweepOptions extends RunOptions {
  /** Called before each point is evaluated (or found finished). */
  onPoint?: (index: number, total: number, params: JsonObject) => void;
}

/** Creates the sweep from a spec (validated first: nothing is stored for a bad spec) and runs it. */
export async function createAndRunSweep(
  store: Store,
  value: unknown,
  what: string,
  options: SweepOptions,
): Promise<SweepSummary> {
  const { spec } = parseSweepSpec(value, what);
  await checkImageCounts(spec, what);
  const project = store.projects.ensureDefault();
  const sweep = store.sweeps.create({
    projectId: project.id,
    name: spec.name,
    spec: spec as unknown as JsonObject,
  });
  return runSweep(store, sweep.id, options);
}

/** Continues an interrupted sweep; `latest` is the most recently started one. */
export async function resumeSweep(store: Store, which: string, options: SweepOptions): Promise<SweepSummary> {
  const sweepId = which === 'latest' ? latestStarted(store) : Number(which);
  const sweep = Number.isInteger(sweepId) ? store.sweeps.get(sweepId) : undefined;
  if (!sweep) throw new ConfigError(`no sweep ${JSON.stringify(which)} to resume`);
  if (sweep.state !== 'interrupted' && sweep.state !== 'queued') {
    throw new ConfigError(`sweep ${sweep.id} is ${sweep.state}; only an interrupted sweep can be resumed`);
  }
  return runSweep(store, sweep.id, options);
}

/** Test and calibration images must fit the dataset (they are disjoint): refused before the sweep is stored. */
async function checkImageCounts(spec: SweepSpec, what: string): Promise<void> {
  const inputs = resolveRunInputs({
    modelFile: spec.model ?? undefined,
    dataDir: spec.data ?? undefined,
    labelsFile: spec.labels ?? undefined,
    preprocessFile: spec.preprocess ?? undefined,
  });
  const dataset = await openDataset(inputs.dataDir, { labelsFile: inputs.labelsFile });
  const wanted = spec.images.count + spec.calibration.count;
  if (wanted > dataset.items.length) {
    throw new ConfigError(
      `${what}: images.count ${spec.images.count} + calibration.count ${spec.calibration.count} = ${wanted} ` +
        `images, but ${inputs.dataDir} has ${dataset.items.length}`,
    );
  }
}

function latestStarted(store: Store): number {
  const started = store.sweeps.list().filter((sweep) => sweep.startedAt !== null);
  started.sort((a, b) => (a.startedAt! < b.startedAt! ? 1 : -1));
  return started[0]?.id ?? NaN;
}

async function runSweep(store: Store, sweepId: number, options: SweepOptions): Promise<SweepSummary> {
  const { spec, points } = parseSweepSpec(store.sweeps.get(sweepId)!.spec, `sweep ${sweepId}`);
  store.sweeps.start(sweepId);
  const summaries: SweepPointSummary[] = [];
  try {
    for (const [index, point] of points.entries()) {
      options.onPoint?.(index, points.length, point.params as JsonObject);
      const summary = await evaluatePoint(store, sweepId, spec, point, options);
      if (summary.state !== 'finished') {
        store.sweeps.cancel(sweepId);
        return { sweepId, status: 'cancelled', points: summaries };
      }
      summaries.push({
        params: point.params as JsonObject,
        runId: summary.runId,
        digital: summary.digital,
        analog: summary.analog,
      });
    }
    store.sweeps.finish(sweepId);
    return { sweepId, status: 'finished', points: summaries };
  } catch (error) {
    store.sweeps.fail(sweepId, (error as Error).message);
    throw error;
  }
}

/** The point's finished run, or a new one (an unfinished run of the point, left by a kill, is replaced). */
async function evaluatePoint(
  store: Store,
  sweepId: number,
  spec: SweepSpec,
  point: SweepPoint,
  options: RunOptions,
): Promise<RunSummary> {
  const params = point.params as JsonObject;
  const existing = store.sweeps.pointRun(sweepId, params);
  if (existing?.state === 'finished') {
    return summarizeRun(store, existing.id, spec.model ?? 'demo', spec.data ?? 'demo');
  }
  if (existing) store.runs.delete(existing.id);
  return evaluateRun(
    store,
    {
      modelFile: spec.model ?? undefined,
      dataDir: spec.data ?? undefined,
      labelsFile: spec.labels ?? undefined,
      preprocessFile: spec.preprocess ?? undefined,
      limit: spec.images.count,
      sample: spec.images.sample,
      seed: pointSeed(spec.seed, params),
      subsetSeeds: { test: spec.images.seed, calibration: spec.calibration.seed },
      config: point.config,
      trials: spec.trials,
      calibrationCount: spec.calibration.count,
      sweepPoint: { sweepId, point: params },
    },
    options,
  );
}

/** From the sweep seed and the point's parameters alone, so that a resumed sweep repeats an uninterrupted one. */
export function pointSeed(sweepSeed: number, params: JsonObject): number {
  const digest = createHash('sha256')
    .update(`${sweepSeed}:${canonicalJson(params)}`)
    .digest();
  return digest.readUInt32BE(0) & 0x7fffffff;
}
