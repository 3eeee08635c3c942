// `crossbar runs`: the stored runs, newest first.
import { storedRun } from '../../app/runs/stored-runs';
import { resolveDatabasePath } from '../../app/paths';
import { openStore } from '../../store';
import { defineCommand } from '../command';
import { integerFlag } from '../integer-flags';
import { UsageError } from '../usage';

export const runsCommand = defineCommand({
  summary: 'list the stored runs, newest first',
  usage: 'usage: crossbar runs [--sweep SWEEP_ID] [--limit N] [--db FILE] [--json]',
  flags: {
    sweep: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  async execute({ values }, io) {
    const store = openStore(resolveDatabasePath(values.db));
    try {
      const sweepId = values.sweep === undefined ? undefined : integerFlag('--sweep', values.sweep, 1);
      // An unknown sweep is a mistake in the request, not a sweep without runs.
      if (sweepId !== undefined && !store.sweeps.get(sweepId)) {
        throw new UsageError(`--sweep ${sweepId}: no sweep ${sweepId} in this store`);
      }
      const runs = store.runs.list({
        sweepId,
        limit: values.limit === undefined ? undefined : integerFlag('--limit', values.limit, 1),
      });
      const listed = runs.map((run) => {
        const { summary } = storedRun(store, run.id);
        return {
          runId: run.id,
          state: run.state,
          createdAt: run.createdAt,
          model: summary.model,
          dataset: summary.dataset,
          images: summary.images,
          digitalTop1: summary.digital.top1,
          analogTop1Mean: summary.analog?.top1Mean ?? null,
          analogTrials: summary.analog?.trials.length ?? 0,
          sweepId: run.sweepId,
        };
      });
      if (values.json) {
        io.stdout.write(`${JSON.stringify({ runs: listed })}\n`);
        return 0;
      }
      const percent = (x: number | null) =>
        x === null || Number.isNaN(x) ? '—' : `${(100 * x).toFixed(2)} %`;
      io.stdout.write(
        listed
          .map(
            (r) =>
              `${r.runId}  ${r.state.padEnd(11)} ${r.createdAt}  ${r.images} images  digital ${percent(r.digitalTop1)}` +
              `  analog ${percent(r.analogTop1Mean)} (${r.analogTrials} trials)  ${r.model}`,
          )
          .join('\n') + (listed.length > 0 ? '\n' : 'no runs stored\n'),
      );
      return 0;
    } finally {
      store.close();
    }
  },
});
