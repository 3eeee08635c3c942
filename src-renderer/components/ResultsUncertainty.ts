// What chart.js cannot draw by itself: the spread of each analog accuracy, as mean ± std error bars or as the
// 95 % confidence interval shaded around each series.
import type { Chart, Plugin } from 'chart.js';
import type { ResultPoint, ResultSeries } from './ResultsSeries';

export type Uncertainty = 'std' | 'ci';

/** [low, high] of a point's top-1 accuracy under the chosen uncertainty, or null when the run has none. */
export function uncertaintyRange(point: ResultPoint, show: Uncertainty): [number, number] | null {
  const { analogTop1Mean: mean, analogTop1Std: std, analogTop1Ci95: ci } = point.row;
  if (show === 'ci') return ci;
  return mean === null || std === null ? null : [Math.max(0, mean - std), Math.min(1, mean + std)];
}

export interface UncertaintyDrawing {
  /** Datasets 0..series.length-1 of the chart, in the same order. */
  series: readonly ResultSeries[];
  /** null: nothing to draw (top-5 has only a mean). */
  show: Uncertainty | null;
  colors: readonly string[];
}

/** @param current what to draw, read at every draw */
export function uncertaintyPlugin(current: () => UncertaintyDrawing): Plugin<'line'> {
  const visible = (chart: Chart<'line'>) =>
    current()
      .series.map((one, index) => ({ one, index }))
      .filter(({ index }) => chart.isDatasetVisible(index));
  return {
    id: 'uncertainty',
    // Bands go under the lines and points; bars on top of them.
    beforeDatasetsDraw(chart) {
      const { show, colors } = current();
      if (show !== 'ci') return;
      for (const { one, index } of visible(chart)) {
        if (one.points.length > 1) drawBand(chart, one.points, colors[index]);
        else drawBars(chart, one.points, show, colors[index]);
      }
    },
    afterDatasetsDraw(chart) {
      const { show, colors } = current();
      if (show !== 'std') return;
      for (const { one, index } of visible(chart)) drawBars(chart, one.points, show, colors[index]);
    },
  };
}

function drawBand(chart: Chart<'line'>, points: readonly ResultPoint[], color: string): void {
  const { ctx, chartArea, scales } = chart;
  const edges = points.flatMap((point) => {
    const range = uncertaintyRange(point, 'ci');
    return range ? [{ x: scales.x.getPixelForValue(point.x), range }] : [];
  });
  if (edges.length === 0) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(chartArea.left, chartArea.top, chartArea.width, chartArea.height);
  ctx.clip();
  ctx.beginPath();
  edges.forEach(({ x, range }) => ctx.lineTo(x, scales.y.getPixelForValue(range[1])));
  edges.toReversed().forEach(({ x, range }) => ctx.lineTo(x, scales.y.getPixelForValue(range[0])));
  ctx.closePath();
  ctx.globalAlpha = 0.2;
  ctx.fillStyle = color;
  ctx.fill();
  ctx.restore();
}

function drawBars(
  chart: Chart<'line'>,
  points: readonly ResultPoint[],
  show: Uncertainty,
  color: string,
): void {
  const { ctx, scales } = chart;
  const capPx = 4;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  for (const point of points) {
    const range = uncertaintyRange(point, show);
    if (!range) continue;
    const x = scales.x.getPixelForValue(point.x);
    const [low, high] = range.map((value) => scales.y.getPixelForValue(value));
    ctx.beginPath();
    ctx.moveTo(x, low);
    ctx.lineTo(x, high);
    ctx.moveTo(x - capPx, low);
    ctx.lineTo(x + capPx, low);
    ctx.moveTo(x - capPx, high);
    ctx.lineTo(x + capPx, high);
    ctx.stroke();
  }
  ctx.restore();
}
