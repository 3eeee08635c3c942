// Progress on stderr: a redrawn bar on a terminal, plain lines (at most one per few seconds) otherwise.
import { RUN_STEP_LABELS } from '../../src-shared/api/jobs';
import type { RunProgressEvent } from '../app/runs/evaluate-run';
import { EtaEstimate } from '../jobs/eta-estimate';

export interface Progress {
  label: string;
  done: number;
  total: number;
  /** What `done` counts: the ETA is measured from when the series began (default: one series for all). */
  series?: string;
  /** Seconds left as measured by whoever runs the work (the job queue); omitted, measured here from `done`. */
  etaSeconds?: number | null;
}

/** A run's progress as one bar: its images, or the step under way between them (counted in the step's units). */
export function runProgress(event: RunProgressEvent): Progress {
  const label = event.phase === 'digital' ? 'digital' : `analog trial ${event.trial + 1}`;
  if (event.step) {
    const { name, done, total } = event.step;
    const stepLabel = `${label}, ${RUN_STEP_LABELS[name]}`;
    return { label: stepLabel, done, total, series: stepLabel };
  }
  return { label, done: event.imagesDone, total: event.imagesTotal, series: 'images' };
}

export interface ProgressReporter {
  update(progress: Progress): void;
  /** Ends the bar's line so that later output starts on a fresh line. */
  finish(): void;
}

const PLAIN_INTERVAL_MS = 2000;
const BAR_WIDTH = 30;

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? terminalBar(stream) : plainLines(stream);
}

function terminalBar(stream: NodeJS.WriteStream): ProgressReporter {
  const eta = etaClock();
  let drawn = false;
  return {
    update(progress) {
      const { label, done, total } = progress;
      const fraction = total > 0 ? Math.min(done / total, 1) : 0;
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
      stream.write(`\r${label} ${bar} ${done}/${total}${eta(progress)}\x1b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

function plainLines(stream: NodeJS.WriteStream): ProgressReporter {
  const eta = etaClock();
  let lastMs = 0;
  let lastLabel = '';
  return {
    update(progress) {
      const { label, done, total } = progress;
      const now = Date.now();
      if (label === lastLabel && done < total && now - lastMs < PLAIN_INTERVAL_MS) return;
      lastMs = now;
      lastLabel = label;
      stream.write(`${label}: ${done}/${total}${eta(progress)}\n`);
    },
    finish() {},
  };
}

/** The ETA of a series from its rate since its first update (or as given); a new series restarts the clock. */
function etaClock(): (progress: Progress) => string {
  let series: string | undefined;
  let estimate = new EtaEstimate();
  return ({ series: next, done, total, etaSeconds }) => {
    if (next !== series) {
      series = next;
      estimate = new EtaEstimate();
    }
    return etaText(etaSeconds !== undefined ? etaSeconds : estimate.update(done, total));
  };
}

function etaText(seconds: number | null): string {
  if (seconds === null || seconds <= 0) return '';
  return ` (ETA ${seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`})`;
}
