// Progress on stderr: a redrawn bar on a terminal, plain lines (at most one per few seconds) otherwise.
import { RUN_STEP_LABELS } from '../../src-shared/api/jobs';
import type { RunProgressEvent } from '../app/runs/evaluate-run';

export interface Progress {
  label: string;
  done: number;
  total: number;
}

/** A run's progress as one bar: its images, or the step under way between them (counted in the step's units). */
export function runProgress(event: RunProgressEvent): Progress {
  const label = event.phase === 'digital' ? 'digital' : `analog trial ${event.trial + 1}`;
  if (event.step) {
    const { name, done, total } = event.step;
    return { label: `${label}, ${RUN_STEP_LABELS[name]}`, done, total };
  }
  return { label, done: event.imagesDone, total: event.imagesTotal };
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
  const startedMs = Date.now();
  let drawn = false;
  return {
    update({ label, done, total }) {
      const fraction = total > 0 ? Math.min(done / total, 1) : 0;
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
      const eta = etaText(startedMs, done, total);
      stream.write(`\r${label} ${bar} ${done}/${total}${eta}\x1b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

function plainLines(stream: NodeJS.WriteStream): ProgressReporter {
  const startedMs = Date.now();
  let lastMs = 0;
  let lastLabel = '';
  return {
    update({ label, done, total }) {
      const now = Date.now();
      if (label === lastLabel && done < total && now - lastMs < PLAIN_INTERVAL_MS) return;
      lastMs = now;
      lastLabel = label;
      stream.write(`${label}: ${done}/${total}${etaText(startedMs, done, total)}\n`);
    },
    finish() {},
  };
}

function etaText(startedMs: number, done: number, total: number): string {
  if (done <= 0 || done >= total) return '';
  const seconds = (((Date.now() - startedMs) / done) * (total - done)) / 1000;
  return ` (ETA ${seconds < 90 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`})`;
}
