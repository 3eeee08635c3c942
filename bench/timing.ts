// Timing helpers for the benchmarks: median time per image of an onnxruntime session, and peak memory.
import * as ort from 'onnxruntime-node';

export interface Timing {
  msPerImage: number;
}

/** Median over `repeats` runs of one batch, after one warm-up run, divided by the batch size. */
export async function timePerImage(
  session: ort.InferenceSession,
  input: ort.Tensor,
  repeats: number,
): Promise<Timing> {
  const feeds = { [session.inputNames[0]]: input };
  await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await session.run(feeds);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { msPerImage: times[Math.floor(times.length / 2)] / input.dims[0] };
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
