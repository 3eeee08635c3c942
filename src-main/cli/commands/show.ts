// `crossbar show RUN`: one stored run — inputs, config, calibration, accuracies and per-layer statistics.
import { storedRun } from '../../app/runs/stored-runs';
import { resolveDatabasePath } from '../../app/paths';
import { openStore } from '../../store';
import { defineCommand } from '../command';
import { UsageError } from '../usage';

export const showCommand = defineCommand({
  summary: 'print one stored run as JSON: inputs, config, calibration, accuracies, per-layer statistics',
  usage: 'usage: crossbar show RUN_ID [--db FILE]',
  positionals: true,
  flags: { json: { type: 'boolean' } },
  async execute({ positionals, values }, io) {
    if (positionals.length !== 1) throw new UsageError('give one RUN_ID');
    const store = openStore(resolveDatabasePath(values.db));
    try {
      const { run, summary } = storedRun(store, positionals[0]);
      const calibration = run.calibrationKey ? store.calibrations.get(run.calibrationKey) : undefined;
      const shown = {
        ...summary,
        createdAt: run.createdAt,
        finishedAt: run.finishedAt,
        error: run.error,
        seed: run.seed,
        params: run.params,
        config: run.config,
        sweepId: run.sweepId,
        point: run.point,
        calibration: calibration ? { key: calibration.key, ranges: calibration.ranges } : null,
        layers: store.stats.layers(run.id),
      };
      io.stdout.write(`${JSON.stringify(shown, null, values.json ? undefined : 2)}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
});
