// Colour scales for heatmaps: evenly spaced stops, linearly interpolated, as RGB triples and CSS.

export type Rgb = readonly [number, number, number];

/** Viridis (matplotlib), perceptually uniform and readable in grey: for magnitudes. */
export const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** ColorBrewer RdBu reversed, white in the middle: for signed values around 0. */
export const BLUE_WHITE_RED: readonly Rgb[] = [
  [33, 102, 172],
  [146, 197, 222],
  [255, 255, 255],
  [244, 165, 130],
  [178, 24, 43],
];

/** Where `value` lies in [min, max], as 0..1 clamped; the middle when the range has no width. */
export function unitPosition(value: number, min: number, max: number): number {
  if (!(max > min)) return 0.5;
  return Math.min(1, Math.max(0, (value - min) / (max - min)));
}

/** The colour at t ∈ [0, 1] (clamped) between evenly spaced stops. */
export function colorAt(stops: readonly Rgb[], t: number): Rgb {
  const position = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const below = Math.min(Math.floor(position), stops.length - 2);
  const fraction = position - below;
  const [a, b] = [stops[below], stops[below + 1]];
  const mix = (i: number) => Math.round(a[i] + (b[i] - a[i]) * fraction);
  return [mix(0), mix(1), mix(2)];
}

/** A magnitude on viridis over [min, max]. */
export const sequentialColor = (value: number, min: number, max: number): Rgb =>
  colorAt(VIRIDIS, unitPosition(value, min, max));

/** A signed value on blue–white–red over [−limit, limit]: white at 0. */
export const divergingColor = (value: number, limit: number): Rgb =>
  colorAt(BLUE_WHITE_RED, unitPosition(value, -limit, limit));

export const cssColor = ([r, g, b]: Rgb): string => `rgb(${r} ${g} ${b})`;

/** The scale as a left-to-right CSS gradient, for legends. */
export const cssGradient = (stops: readonly Rgb[]): string =>
  `linear-gradient(to right, ${stops.map(cssColor).join(', ')})`;
