// The CLI's progress lines: a run's steps between image batches, each with an ETA from its own rate.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgressReporter, runProgress } from '../../../src-main/cli/progress-reporter';
import type { RunProgressEvent } from '../../../src-main/app/runs/evaluate-run';

function plainStream(lines: string[]): NodeJS.WriteStream {
  return {
    isTTY: false,
    write: (text: string) => lines.push(text.trimEnd()),
  } as unknown as NodeJS.WriteStream;
}

const event = (step: RunProgressEvent['step'], imagesDone = 100): RunProgressEvent => ({
  runId: 'r',
  phase: 'analog',
  trial: 0,
  imagesDone,
  imagesTotal: 300,
  step,
});

afterEach(() => vi.useRealTimers());

describe('run progress on the CLI', () => {
  it('shows a step with its own count, and its ETA from its own rate', () => {
    vi.useFakeTimers({ now: 0 });
    const lines: string[] = [];
    const reporter = createProgressReporter(plainStream(lines));
    reporter.update(runProgress(event(null, 0)));
    vi.setSystemTime(10_000);
    reporter.update(runProgress(event(null, 100)));
    // 10 s per 100 images so far; the statistics step starts its own clock.
    reporter.update(runProgress(event({ name: 'statistics', done: 0, total: 32 })));
    vi.setSystemTime(14_000);
    reporter.update(runProgress(event({ name: 'statistics', done: 8, total: 32 })));
    expect(lines).toEqual([
      'analog trial 1: 0/300',
      'analog trial 1: 100/300 (ETA 20 s)',
      'analog trial 1, per-array statistics (images): 0/32',
      'analog trial 1, per-array statistics (images): 8/32 (ETA 12 s)',
    ]);
  });

  it('shows the ETA the job queue measured where it gives one', () => {
    const lines: string[] = [];
    const reporter = createProgressReporter(plainStream(lines));
    reporter.update({ label: '0/3 points', done: 0, total: 1800, etaSeconds: null });
    reporter.update({ label: '1/3 points', done: 600, total: 1800, etaSeconds: 150 });
    expect(lines).toEqual(['0/3 points: 0/1800', '1/3 points: 600/1800 (ETA 3 min)']);
  });
});
