// How long a job has left, from the rate of its work since its first report. What came before that report
// (starting the worker, loading onnxruntime and the model, decoding the first batch) is paid once: timed over the
// first batch alone it made a sweep's first ETA 40 times too long.

/** Seconds of work timed before a first estimate: a batch or two say little about the rate. */
const MIN_TIMED_S = 2;

export class EtaEstimate {
  #first: { ms: number; done: number } | null = null;

  /** Seconds left once `done` of `total` are done at `nowMs`; null until enough work has been timed. */
  update(done: number, total: number, nowMs = Date.now()): number | null {
    if (!this.#first) {
      this.#first = { ms: nowMs, done };
      return null;
    }
    const elapsedS = (nowMs - this.#first.ms) / 1000;
    const timed = done - this.#first.done;
    if (elapsedS < MIN_TIMED_S || timed <= 0) return null;
    return (Math.max(total - done, 0) / timed) * elapsedS;
  }

  /** Times again from the next update, after a pause (whose idle time is no rate of work). */
  restart(): void {
    this.#first = null;
  }
}
