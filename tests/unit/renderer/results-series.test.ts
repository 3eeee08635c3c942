// The Results chart's data: one series per design, points on the swept parameter, the digital reference line,
// and each point's spread.
import { describe, expect, it } from 'vitest';
import type { ComparisonRow } from '../../../src-shared/api/api';
import { buildPlot } from '../../../src-renderer/components/ResultsSeries';
import { uncertaintyRange } from '../../../src-renderer/components/ResultsUncertainty';

function row(
  runId: string,
  value: unknown,
  mean: number,
  std = 0.02,
  imageSet = { key: 'k1', label: 'demo on demo-images: 100 images' },
  digitalTop1 = 0.9,
): ComparisonRow {
  return {
    runId,
    sweepId: 1,
    value,
    imageSet,
    digitalTop1,
    digitalTop5: 0.99,
    analogTop1Mean: mean,
    analogTop1Std: std,
    analogTop1Ci95: [mean - 0.05, mean + 0.05],
    analogTop5Mean: 0.98,
    trials: 3,
  };
}

const schemes: Record<string, string> = { a: 'differential', b: 'offset', c: 'differential', d: 'offset' };

describe('buildPlot', () => {
  it('makes one series per design, points sorted on a numeric axis, and the mean digital accuracy', () => {
    const rows = [row('c', 8, 0.88), row('a', 4, 0.7), row('b', 4, 0.1), row('d', 8, 0.86)];
    const plot = buildPlot(rows, (runId) => [['mapping.scheme', schemes[runId]]]);
    expect(plot.categories).toBeNull();
    expect(plot.series.map((s) => s.label)).toEqual(['Mapping = differential', 'Mapping = offset']);
    expect(plot.series[0].points.map((p) => [p.x, p.row.runId])).toEqual([
      [4, 'a'],
      [8, 'c'],
    ]);
    expect(plot.baselines).toEqual([
      { key: 'k1', name: 'A', label: 'demo on demo-images: 100 images', top1: 0.9, top5: 0.99, runs: 4 },
    ]);
  });

  it('gives each image set its own baseline and never joins points of different sets in one series', () => {
    const small = { key: 's', label: '100 images' };
    const large = { key: 'l', label: '1000 images' };
    const rows = [
      row('a', 4, 0.7, 0.02, small, 0.8),
      row('b', 8, 0.75, 0.02, small, 0.9),
      row('c', 4, 0.6, 0.02, large, 0.7),
      row('d', 8, 0.65, 0.02, large, 0.72),
    ];
    const plot = buildPlot(rows, () => [['mapping.scheme', 'differential']]);
    expect(plot.baselines.map(({ name, label, runs }) => [name, label, runs])).toEqual([
      ['A', '100 images', 2],
      ['B', '1000 images', 2],
    ]);
    expect(plot.baselines[0].top1).toBeCloseTo(0.85, 12);
    expect(plot.baselines[1].top1).toBeCloseTo(0.71, 12);
    expect(plot.series.map((one) => [one.label, one.points.map((p) => p.row.runId)])).toEqual([
      ['Analog · image set A', ['a', 'b']],
      ['Analog · image set B', ['c', 'd']],
    ]);
  });

  it('places non-numeric values on categories, and names a design by the fewest fields that tell it apart', () => {
    const designs: Record<string, [string, unknown][]> = {
      a: [
        ['mapping.scheme', 'differential'],
        ['adc.bits', 8],
      ],
      b: [
        ['mapping.scheme', 'offset'],
        ['adc.bits', 6],
      ],
    };
    const plot = buildPlot([row('a', 'SONOS', 0.8), row('b', 'ISAAC', 0.7)], (runId) => designs[runId]);
    expect(plot.categories).toEqual(['ISAAC', 'SONOS']);
    expect(plot.series.map((s) => s.label)).toEqual(['Mapping = differential', 'Mapping = offset']);
    expect(plot.series[0].points[0].x).toBe(1);
  });
});

describe('uncertaintyRange', () => {
  it('is mean ± std kept within [0, 1], or the stored 95 % interval', () => {
    const [point] = buildPlot([row('a', 4, 0.99, 0.03)], () => []).series[0].points;
    const [low, high] = uncertaintyRange(point, 'std')!;
    expect(low).toBeCloseTo(0.96, 12);
    expect(high).toBe(1);
    expect(uncertaintyRange(point, 'ci')).toEqual([0.99 - 0.05, 0.99 + 0.05]);
  });
});
