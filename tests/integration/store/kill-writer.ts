// Child process for the kill-safety test: starts a run in the given database, prints its id, then records
// results in a tight loop until it is killed. Every value is derived from the batch number so the parent can
// check each stored row.
import { openStore } from '../../../src-main/store/index';
import { batch, createRun, seedCatalog } from '../../unit/store/fixtures';
import { expectedBatch, ARRAYS_PER_TRIAL, BATCHES_PER_TRIAL, trialArrayStats } from './kill-plan';

const store = openStore(process.argv[2]);
const run = store.runs.start(createRun(store, seedCatalog(store), { imagesTotal: 10_000_000 }).id);
process.stdout.write(`${run.id}\n`);

for (let sequence = 0; ; sequence += 1) {
  const planned = expectedBatch(sequence);
  store.runs.recordBatch(run.id, batch(planned));
  if (planned.batchIndex === BATCHES_PER_TRIAL - 1) {
    store.runs.finishTrial(run.id, planned);
    store.stats.recordArrays(run.id, trialArrayStats(planned.trialIndex, ARRAYS_PER_TRIAL));
    store.events.add(run.id, 'info', `trial ${planned.trialIndex} finished`);
  }
}
