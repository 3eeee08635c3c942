// Sweeps: one run per point of the spec's grid, stored as runs of the sweep. The job queue evaluates the points;
// this module creates sweeps (validated first), lists what a (re)started sweep still has to evaluate, and reads
// the results back. Every point's random numbers come from the sweep seed and its parameters, so an interrupted
// sweep resumes without redoing a finished point and ends with the results of an uninterrupted one.
import { createHash } from 'node:crypto';
import { parseSweepSpec, type SweepSpec } from '../../../src-shared/config/sweep-spec';
import { trialsToRun } from '../../sim/devices/trial-randomness';
import { ConfigError } from '../../../src-shared/config/fields';
import type { JsonObject, Run, Store, Sweep, SweepState } from '../../store';
import { canonicalJson } from '../../store/json';
import { openDataset } from '../../data';
import type { RunRequest } from '../runs/run-request';
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

/** Stores a sweep from a spec; a bad spec or one wanting more images than its dataset has stores nothing. */
export async function createSweep(
  store: Store,
  value: unknown,
  what: string,
  projectId?: number,
): Promise<Sweep> {
  const { spec } = parseSweepSpec(value, what);
  await checkImageCounts(spec, what);
  return store.sweeps.create({
    projectId: projectId ?? store.projects.ensureDefault().id,
    name: spec.name,
    spec: spec as unknown as JsonObject,
  });
}

/** The interrupted (or never started) sweep `which` names: an id, or `latest`, the most recently started. */
export function sweepToResume(store: Store, which: string): Sweep {
  const sweepId = which === 'latest' ? latestStarted(store) : Number(which);
  const sweep = Number.isInteger(sweepId) ? store.sweeps.get(sweepId) : undefined;
  if (!sweep) throw new ConfigError(`no sweep ${JSON.stringify(which)} to resume`);
  if (sweep.state !== 'interrupted' && sweep.state !== 'queued') {
    throw new ConfigError(`sweep ${sweep.id} is ${sweep.state}; only an interrupted sweep can be resumed`);
  }
  return sweep;
}

/** Test and calibration images must fit the dataset (they are disjoint). */
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

export interface SweepPointWork {
  params: JsonObject;
  /** The run request that evaluates the point. */
  request: RunRequest;
  /** Image evaluations the point takes: images × (1 + trials). */
  evaluations: number;
  /** Set when the point's run already finished: nothing to do. */
  finishedRun?: Run;
}

/**
 * Every point of a stored sweep with what evaluates it. A point's run left unfinished by a killed process is
 * deleted here, to be evaluated again from its start.
 */
export function sweepPointRequests(store: Store, sweepId: number): SweepPointWork[] {
  const sweep = store.sweeps.get(sweepId);
  if (!sweep) throw new ConfigError(`there is no sweep ${sweepId}`);
  const { spec, points } = parseSweepSpec(sweep.spec, `sweep ${sweepId}`);
  return points.map((point) => {
    const params = point.params as JsonObject;
    const existing = store.sweeps.pointRun(sweepId, params);
    if (existing && existing.state !== 'finished') store.runs.delete(existing.id);
    return {
      params,
      evaluations: spec.images.count * (1 + trialsToRun(point.config, spec.trials)),
      finishedRun: existing?.state === 'finished' ? existing : undefined,
      request: {
        projectId: sweep.projectId,
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
    };
  });
}

/** The sweep's state and the results of its finished points, in grid order. */
export function sweepSummary(store: Store, sweepId: number): SweepSummary {
  const sweep = store.sweeps.get(sweepId);
  if (!sweep) throw new ConfigError(`there is no sweep ${sweepId}`);
  const { spec, points } = parseSweepSpec(sweep.spec, `sweep ${sweepId}`);
  const finished = points.flatMap((point) => {
    const run = store.sweeps.pointRun(sweepId, point.params as JsonObject);
    if (run?.state !== 'finished') return [];
    const summary = summarizeRun(store, run.id, spec.model ?? 'demo', spec.data ?? 'demo');
    return [
      { params: point.params as JsonObject, runId: run.id, digital: summary.digital, analog: summary.analog },
    ];
  });
  return { sweepId, status: sweep.state, points: finished };
}

/** From the sweep seed and the point's parameters alone, so that a resumed sweep repeats an uninterrupted one. */
export function pointSeed(sweepSeed: number, params: JsonObject): number {
  const digest = createHash('sha256')
    .update(`${sweepSeed}:${canonicalJson(params)}`)
    .digest();
  return digest.readUInt32BE(0) & 0x7fffffff;
}
