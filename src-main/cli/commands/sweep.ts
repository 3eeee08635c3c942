// `crossbar sweep`: run a sweep spec's grid of hardware configs (docs/cli.md), or resume an interrupted sweep.
import { readJsonFile } from '../../app/config/read-json-file';
import { userTensorCache } from '../../app/user-tensor-cache';
import { createSweep, sweepSummary, sweepToResume, type SweepSummary } from '../../app/sweeps/run-sweep';
import { JobQueue } from '../../app/queue/job-queue';
import { poolFlags, POOL_FLAGS } from '../pool-flags';
import { defineCommand, type CommandIo } from '../command';
import { SWEEP_TEMPLATES, templateSpec } from '../../../src-shared/config/sweep-templates';
import { integerFlag } from '../integer-flags';
import { runStoreJob } from '../store-job';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage';

export const sweepCommand = defineCommand({
  summary: 'run every point of a sweep spec (a grid of hardware configs) as stored runs',
  usage: [
    'usage: crossbar sweep SPEC.json [--db FILE] [--json]',
    '       crossbar sweep --template NAME [--model M.onnx] [--data DIR] [--images N] [--trials T] [--seed S]',
    '       crossbar sweep --resume SWEEP_ID|latest [--db FILE] [--json]',
    '       (all forms: [--workers N] [--threads-per-worker N])',
    '',
    `Templates (the reference study's experiments): ${Object.keys(SWEEP_TEMPLATES).join(', ')}; defaults:`,
    'the bundled demo, 500 random images, 3 trials.',
    'SPEC.json: name, model, data, images, calibration, base (a hardware config or "preset:NAME"), axes',
    '([{path, values}], "preset" for a list of presets), trials, seed (see the README). --resume continues an',
    'interrupted sweep without redoing a finished point; every point gives the same results either way.',
    'Points run in parallel on worker threads; by default one single-threaded worker per core.',
  ].join('\n'),
  positionals: true,
  flags: {
    resume: { type: 'string' },
    template: { type: 'string' },
    model: { type: 'string' },
    data: { type: 'string' },
    images: { type: 'string' },
    trials: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    ...POOL_FLAGS,
  },
  async execute({ values, positionals }, io) {
    const sources = [positionals.length > 0, values.resume !== undefined, values.template !== undefined];
    if (positionals.length > 1 || sources.filter(Boolean).length !== 1) {
      throw new UsageError('give one SPEC.json, --template NAME or --resume SWEEP_ID|latest');
    }
    const spec = values.template === undefined ? null : templateFromFlags(values);
    return runStoreJob(values.db, io, async ({ store, signal, progress }) => {
      const sweep =
        values.resume !== undefined
          ? sweepToResume(store, values.resume)
          : spec
            ? await createSweep(store, spec, `sweep template ${values.template}`)
            : await createSweep(store, readJsonFile(positionals[0]), `sweep spec ${positionals[0]}`);
      const queue = new JobQueue(store, { ...userTensorCache(), pool: poolFlags(values) });
      try {
        const job = queue.submitSweep(sweep.id);
        queue.subscribe((event) => {
          if (event.type !== 'job' || event.job.id !== job.id) return;
          const { pointsDone, pointsTotal, imagesDone, imagesTotal, etaSeconds } = event.job.progress;
          // The queue's ETA, the one the run queue view shows: it times the work from the workers' first batch.
          progress.update({
            label: `${pointsDone}/${pointsTotal} points`,
            done: imagesDone,
            total: imagesTotal,
            etaSeconds,
          });
        });
        signal.addEventListener('abort', () => queue.cancel(job.id), { once: true });
        const outcome = await queue.whenDone(job.id);
        progress.finish();
        if (outcome.error) io.stderr.write(`sweep ${sweep.id} ${outcome.state}: ${outcome.error.message}\n`);
        const summary = sweepSummary(store, sweep.id);
        report(summary, Boolean(values.json), io);
        return summary.status === 'finished' ? EXIT_OK : EXIT_FAILED;
      } finally {
        await queue.close();
      }
    });
  },
});

function templateFromFlags(values: {
  template?: string;
  model?: string;
  data?: string;
  images?: string;
  trials?: string;
  seed?: string;
}): Record<string, unknown> {
  const spec = templateSpec(values.template!, {
    model: values.model,
    data: values.data,
    images: values.images === undefined ? 500 : integerFlag('--images', values.images, 1),
    trials: values.trials === undefined ? 3 : integerFlag('--trials', values.trials, 1),
    seed: values.seed === undefined ? 0 : integerFlag('--seed', values.seed, 0),
  });
  if (!spec) {
    throw new UsageError(
      `unknown template "${values.template}"; known templates: ${Object.keys(SWEEP_TEMPLATES).join(', ')}`,
    );
  }
  return spec;
}

function report(summary: SweepSummary, json: boolean, io: CommandIo): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const percent = (x: number) => `${(100 * x).toFixed(2)} %`;
  io.stdout.write(
    [
      `sweep ${summary.sweepId} ${summary.status}: ${summary.points.length} point(s)`,
      ...summary.points.map(
        (p) =>
          `  ${JSON.stringify(p.params)}  digital ${percent(p.digital.top1)}` +
          (p.analog ? `  analog ${percent(p.analog.top1Mean)} ± ${percent(p.analog.top1Std)}` : '') +
          `  (run ${p.runId})`,
      ),
    ].join('\n') + '\n',
  );
}
