// Sweeps: the paper templates, spec validation, storing and queueing a sweep, its table of results.
import { isJobActive } from '../../../src-shared/api/jobs';
import { ConfigError } from '../../../src-shared/config/fields';
import { parseSweepSpec } from '../../../src-shared/config/sweep-spec';
import { SWEEP_TEMPLATES } from '../../../src-shared/config/sweep-templates';
import { AppError } from '../app-error';
import { sweepTable } from '../runs/stored-runs';
import { createSweep } from '../sweeps/run-sweep';
import { defineMethods } from './methods';
import { existing } from './project-methods';
import { sweepInfo } from './records';

export const sweepMethods = defineMethods({
  'sweeps.templates': () =>
    Object.entries(SWEEP_TEMPLATES).map(([template, { name, base, axes }]) => ({
      template,
      title: name,
      base: structuredClone(base),
      axes: axes.map(({ path, values }) => ({ path, values: [...values] })),
    })),
  'sweeps.validate': ({ spec }) => {
    try {
      return { ok: true, points: parseSweepSpec(spec, 'sweep spec').points.length };
    } catch (error) {
      if (error instanceof ConfigError) return { ok: false, message: error.message };
      throw error;
    }
  },
  'sweeps.queue': async ({ projectId, spec }, { store, jobs, publish }) => {
    existing(store, projectId);
    const sweep = await createSweep(store, spec, 'sweep spec', projectId);
    const job = jobs.submitSweep(sweep.id);
    publish({ type: 'changed', what: 'sweeps' });
    return { sweep: sweepInfo(store.sweeps.get(sweep.id)!), job };
  },
  'sweeps.list': ({ projectId }, { store }) => store.sweeps.list({ projectId }).map(sweepInfo),
  'sweeps.table': ({ sweepId }, { store }) => {
    if (!store.sweeps.get(sweepId)) throw new AppError('not-found', `there is no sweep ${sweepId}`);
    return sweepTable(store, sweepId);
  },
  'sweeps.delete': ({ sweepId }, { store, jobs, publish }) => {
    if (!store.sweeps.get(sweepId)) throw new AppError('not-found', `there is no sweep ${sweepId}`);
    if (jobs.list().some((job) => job.sweepId === sweepId && isJobActive(job.state))) {
      throw new AppError('invalid-state', `sweep ${sweepId} is being evaluated; cancel its job first`);
    }
    store.sweeps.delete(sweepId);
    publish({ type: 'changed', what: 'sweeps' });
    return { deleted: true as const };
  },
});
