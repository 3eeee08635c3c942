// `crossbar export SWEEP --csv|--json`: a sweep's points, one row each, for spreadsheets and plots.
import { toCsv } from '../../../src-shared/csv';
import { sweepTable, tableObjects } from '../../app/runs/stored-runs';
import { resolveDatabasePath } from '../../app/paths';
import { openStore } from '../../store';
import { defineCommand } from '../command';
import { integerFlag } from '../integer-flags';
import { UsageError } from '../usage';

export const exportCommand = defineCommand({
  summary: "write a sweep's points (parameters, run, accuracies) as CSV or JSON",
  usage: 'usage: crossbar export SWEEP_ID --csv|--json [--db FILE]',
  positionals: true,
  flags: { csv: { type: 'boolean' }, json: { type: 'boolean' } },
  async execute({ positionals, values }, io) {
    if (positionals.length !== 1) throw new UsageError('give one SWEEP_ID');
    if (Boolean(values.csv) === Boolean(values.json)) throw new UsageError('give one of --csv and --json');
    const store = openStore(resolveDatabasePath(values.db));
    try {
      const table = sweepTable(store, integerFlag('SWEEP_ID', positionals[0], 1));
      io.stdout.write(
        values.csv
          ? toCsv(table.columns, table.rows)
          : `${JSON.stringify({ points: tableObjects(table) })}\n`,
      );
      return 0;
    } finally {
      store.close();
    }
  },
});
