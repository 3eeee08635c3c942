// How the Results chart's numeric x axis fits the swept values: a log scale where they span decades (on/off
// ratio, R̂p), ticks at the swept values where they are few and far enough apart, and never a tick between two
// whole numbers for a whole-number parameter (no "3.5 ADC bits").

/** From this max/min on, the values go on a log axis: over two decades a linear one crowds the small ones. */
const LOG_SPAN = 100;
/** More values than this get the scale's own ticks: a label per value would crowd the axis. */
const MAX_VALUE_TICKS = 12;
/** Neighbouring ticks closer than this share of the axis would overlap their labels. */
const MIN_TICK_GAP = 1 / 25;

export interface ValueAxis {
  scale: 'linear' | 'logarithmic';
  /** A tick at each of these values, or null for the scale's own ticks. */
  ticks: number[] | null;
  /** Every value is a whole number: the scale's own ticks, if used, are whole numbers too. */
  integer: boolean;
}

export function valueAxis(values: readonly number[]): ValueAxis {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const [min, max] = [sorted[0], sorted[sorted.length - 1]];
  const scale = min > 0 && max / min >= LOG_SPAN ? 'logarithmic' : 'linear';
  const positions = scale === 'logarithmic' ? sorted.map(Math.log10) : sorted;
  return {
    scale,
    ticks: sorted.length > 0 && sorted.length <= MAX_VALUE_TICKS && apart(positions) ? sorted : null,
    integer: sorted.every(Number.isInteger),
  };
}

/** Whether no two neighbouring positions (sorted) lie closer than MIN_TICK_GAP of their span. */
function apart(positions: readonly number[]): boolean {
  const span = positions[positions.length - 1] - positions[0];
  return positions.every((at, i) => i === 0 || at - positions[i - 1] >= MIN_TICK_GAP * span);
}

/** A tick's label: short, in exponent form for the tiny values a log axis reaches ("3e-6", not "0.000003"). */
export function tickLabel(value: number): string {
  const rounded = Number(value.toPrecision(6));
  return rounded !== 0 && Math.abs(rounded) < 1e-3 ? rounded.toExponential() : String(rounded);
}
