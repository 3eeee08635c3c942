// A job's ETA is timed from its first reported batch, so that start-up paid once (worker, model, first decode)
// is not spread over the whole job.
import { describe, expect, it } from 'vitest';
import { EtaEstimate } from '../../../src-main/jobs/eta-estimate';

describe('EtaEstimate', () => {
  it('leaves out what came before the first report and the first batch, timing only the steady rate', () => {
    // Made at 0 s; 30 s of start-up before the first batch reports, then 32 images every 0.1 s out of 18 000.
    const estimate = new EtaEstimate();
    expect(estimate.update(32, 18_000, 30_000)).toBeNull();
    expect(estimate.update(64, 18_000, 30_100)).toBeNull();
    const seconds = estimate.update(32 + 20 * 32, 18_000, 32_000)!;
    const truth = (18_000 - 32 - 20 * 32) / 320;
    expect(seconds).toBeCloseTo(truth, 6);
  });

  it('says nothing until two seconds of work are timed, nor while no work is done', () => {
    const estimate = new EtaEstimate();
    estimate.update(0, 100, 0);
    expect(estimate.update(50, 100, 1_900)).toBeNull();
    expect(estimate.update(50, 100, 2_000)).toBe(2);
    const stalled = new EtaEstimate();
    stalled.update(10, 100, 0);
    expect(stalled.update(10, 100, 5_000)).toBeNull();
  });

  it('times again after a restart (a pause is no rate of work)', () => {
    const estimate = new EtaEstimate();
    estimate.update(0, 100, 0);
    expect(estimate.update(20, 100, 2_000)).toBe(8);
    estimate.restart();
    expect(estimate.update(20, 100, 600_000)).toBeNull();
    expect(estimate.update(60, 100, 602_000)).toBe(2);
  });
});
