// Timing helpers for the benchmarks: paired medians of onnxruntime sessions, and peak memory.
import type * as ort from 'onnxruntime-node';

/**
 * Median ms per image of each session, running them in turn (a, b, a, b, …) after one warm-up each, so that a
 * noisy machine slows both alike and their ratio stays meaningful.
 */
export async function pairedMsPerImage(
  sessions: ort.InferenceSession[],
  input: ort.Tensor,
  repeats: number,
): Promise<number[]> {
  const run = (session: ort.InferenceSession) => session.run({ [session.inputNames[0]]: input });
  for (const session of sessions) await run(session);
  const times = sessions.map(() => [] as number[]);
  for (let i = 0; i < repeats; i++) {
    for (const [s, session] of sessions.entries()) {
      const start = performance.now();
      await run(session);
      times[s].push(performance.now() - start);
    }
  }
  return times.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)] / input.dims[0]);
}

/** Samples the resident set size while `work` runs; returns the peak in MiB. */
export async function peakRssMiB<T>(work: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMiB: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}
