// The Results chart's x axis chosen from the swept values: log where they span decades, ticks at the values
// where they are few and apart, whole-number ticks for a whole-number parameter.
import { describe, expect, it } from 'vitest';
import { tickLabel, valueAxis } from '../../../src-renderer/components/ResultsAxis';

describe('valueAxis', () => {
  it('puts values spanning two decades or more on a log axis, with a tick at each', () => {
    const onOff = [2, 5, 10, 20, 100, 1000];
    expect(valueAxis(onOff)).toEqual({ scale: 'logarithmic', ticks: onOff, integer: true });
    const rp = [3e-4, 1e-6, 3e-6, 1e-5, 3e-5, 1e-4];
    expect(valueAxis(rp)).toEqual({
      scale: 'logarithmic',
      ticks: [...rp].sort((a, b) => a - b),
      integer: false,
    });
  });

  it('keeps a linear axis under two decades, or where a value is zero or negative', () => {
    expect(valueAxis([0.0025, 0.005, 0.01, 0.015]).scale).toBe('linear');
    expect(valueAxis([72, 144, 288, 576, 1152]).scale).toBe('linear');
    // On/off 0 means infinite: no log axis can place it.
    expect(valueAxis([0, 10, 1000]).scale).toBe('linear');
    expect(valueAxis([-1, 1000]).scale).toBe('linear');
  });

  it('ticks whole-number parameters only at whole numbers: at the values, else the scale’s own integers', () => {
    expect(valueAxis([8, 4, 6, 4])).toEqual({ scale: 'linear', ticks: [4, 6, 8], integer: true });
    // Too many values for a label each.
    const rows = Array.from({ length: 20 }, (_, i) => 64 * (i + 1));
    expect(valueAxis(rows)).toEqual({ scale: 'linear', ticks: null, integer: true });
  });

  it('leaves the ticks to the scale where two values would crowd their labels', () => {
    expect(valueAxis([1, 1.01, 10]).ticks).toBeNull();
    expect(valueAxis([1, 1.05, 1000]).ticks).toBeNull();
    expect(valueAxis([1, 2, 10]).ticks).toEqual([1, 2, 10]);
  });
});

describe('tickLabel', () => {
  it('reads short, in exponent form for tiny values', () => {
    expect(tickLabel(3e-6)).toBe('3e-6');
    expect(tickLabel(0.0025)).toBe('0.0025');
    expect(tickLabel(0.1 + 0.2)).toBe('0.3');
    expect(tickLabel(1152)).toBe('1152');
    expect(tickLabel(0)).toBe('0');
  });
});
