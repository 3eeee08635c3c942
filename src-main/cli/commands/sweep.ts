// `crossbar sweep`: run a sweep spec's grid of hardware configs (cli.md), or resume an interrupted sweep.
import { readJsonFile } from '../../app/config/read-json-file';
import { userCacheDir } from '../../app/paths';
import type { RunProgressEvent } from '../../app/runs/evaluate-run';
import { createAndRunSweep, resumeSweep, type SweepSummary } from '../../app/sweeps/run-sweep';
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
    '',
    `Templates (the reference study's experiments): ${Object.keys(SWEEP_TEMPLATES).join(', ')}; defaults:`,
    'the bundled demo, 500 random images, 3 trials.',
    'SPEC.json: name, model, data, images, calibration, base (a hardware config or "preset:NAME"), axes',
    '([{path, values}], "preset" for a list of presets), trials, seed (see the README). --resume continues an',
    'interrupted sweep without redoing a finished point; every point gives the same results either way.',
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
  },
  async execute({ values, positionals }, io) {
    const sources = [positionals.length > 0, values.resume !== undefined, values.template !== undefined];
    if (positionals.length > 1 || sources.filter(Boolean).length !== 1) {
      throw new UsageError('give one SPEC.json, --template NAME or --resume SWEEP_ID|latest');
    }
    const spec = values.template === undefined ? null : templateFromFlags(values);
    return runStoreJob(values.db, io, async ({ store, signal, progress }) => {
      let point = '';
      const options = {
        cacheDir: userCacheDir(),
        signal,
        onPoint: (index: number, total: number, params: object) => {
          point = `point ${index + 1}/${total} ${JSON.stringify(params)}`;
        },
        onProgress: (event: RunProgressEvent) =>
          progress.update({
            label: `${point} ${event.phase === 'digital' ? 'digital' : `analog trial ${event.trial + 1}`}`,
            done: event.imagesDone,
            total: event.imagesTotal,
          }),
      };
      const summary =
        values.resume !== undefined
          ? await resumeSweep(store, values.resume, options)
          : spec
            ? await createAndRunSweep(store, spec, `sweep template ${values.template}`, options)
            : await createAndRunSweep(
                store,
                readJsonFile(positionals[0]),
                `sweep spec ${positionals[0]}`,
                options,
              );
      progress.finish();
      report(summary, Boolean(values.json), io);
      return summary.status === 'finished' ? EXIT_OK : EXIT_FAILED;
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
