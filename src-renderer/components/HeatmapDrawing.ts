// Heatmaps drawn onto a canvas for export as PNG, in the page's text colour: the array overview and a cell
// map's panels, each with its colour legend.
import { cssColor, type Rgb } from '../lib/color-scale';
import { gridAxes, type LayerTiles } from './HeatmapTiles';
import type { ArrayStatistics } from '../../src-shared/api/api';

export interface LegendSpec {
  /** Omitted where a title above already names the scale. */
  label?: string;
  min: string;
  max: string;
  stops: readonly Rgb[];
}

export interface Panel {
  title: string;
  canvas: HTMLCanvasElement;
  legend: LegendSpec;
}

// The on-screen overview's geometry (HeatmapArrays.svelte), so that the PNG looks like the page.
const SQUARE_PX = 14;
const PITCH_PX = SQUARE_PX + 1;
const SLICE_GAP_PX = 12;
/** Room for a "slice k" label above a grid narrower than it. */
const SLICE_LABEL_PX = 48;
const LABEL_PX = 260;
const LINE_PX = 18;
const PAD_PX = 12;
const GAP_PX = 16;
const LEGEND_BAR_PX = 120;

function context2d(width: number, height: number): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width);
  canvas.height = Math.ceil(height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = getComputedStyle(document.body).color;
  context.font = '12px system-ui, sans-serif';
  context.textBaseline = 'top';
  return context;
}

/** `text` cut from the front to fit `width` (a layer's path ends in its most telling part). */
function fitted(context: CanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && context.measureText(`…${cut}`).width > width) cut = cut.slice(1);
  return `…${cut}`;
}

/** One line at (x, y): the label, min, the gradient, max. */
function drawLegend(context: CanvasRenderingContext2D, legend: LegendSpec, x: number, y: number): void {
  let at = x;
  const write = (text: string) => {
    context.fillText(text, at, y + 2);
    at += context.measureText(text).width + 8;
  };
  if (legend.label) write(legend.label);
  write(legend.min);
  const gradient = context.createLinearGradient(at, 0, at + LEGEND_BAR_PX, 0);
  legend.stops.forEach((stop, i) => gradient.addColorStop(i / (legend.stops.length - 1), cssColor(stop)));
  context.save();
  context.fillStyle = gradient;
  context.fillRect(at, y + 2, LEGEND_BAR_PX, 10);
  context.restore();
  at += LEGEND_BAR_PX + 8;
  write(legend.max);
}

const sliceLabelled = (layer: LayerTiles) => layer.grids.length > 1;
const layerHeight = (layer: LayerTiles) =>
  Math.max(LINE_PX, (sliceLabelled(layer) ? LINE_PX : 0) + layer.rowPartitions * PITCH_PX) + 6;
const sliceWidth = (layer: LayerTiles) =>
  Math.max(layer.colPartitions * PITCH_PX, sliceLabelled(layer) ? SLICE_LABEL_PX : 0) + SLICE_GAP_PX;

/**
 * The overview: a title, the legend and the grids' axes, then each layer's name beside its slice grids of
 * coloured squares.
 */
export function overviewCanvas(
  tiles: readonly LayerTiles[],
  colorOf: (array: ArrayStatistics) => string,
  title: string,
  legend: LegendSpec,
): HTMLCanvasElement {
  const gridsWidth = Math.max(...tiles.map((layer) => layer.grids.length * sliceWidth(layer)));
  const height = 2 * PAD_PX + 3 * LINE_PX + 6 + tiles.reduce((sum, layer) => sum + layerHeight(layer), 0);
  const context = context2d(Math.max(2 * PAD_PX + LABEL_PX + gridsWidth, 600), height);
  context.fillText(title, PAD_PX, PAD_PX);
  drawLegend(context, legend, PAD_PX, PAD_PX + LINE_PX);
  context.fillText('Layer', PAD_PX, PAD_PX + 2 * LINE_PX + 4);
  context.fillText(gridAxes(tiles), PAD_PX + LABEL_PX, PAD_PX + 2 * LINE_PX + 4);
  let y = PAD_PX + 3 * LINE_PX + 6;
  for (const layer of tiles) {
    context.fillText(fitted(context, layer.layer, LABEL_PX - 10), PAD_PX, y + 1);
    layer.grids.forEach((grid, slice) => {
      const x = PAD_PX + LABEL_PX + slice * sliceWidth(layer);
      if (sliceLabelled(layer)) context.fillText(`slice ${slice}`, x, y + 1);
      const top = sliceLabelled(layer) ? y + LINE_PX : y;
      context.save();
      grid.forEach((cells, row) =>
        cells.forEach((array, col) => {
          if (!array) return;
          context.fillStyle = colorOf(array);
          context.fillRect(x + col * PITCH_PX, top + row * PITCH_PX, SQUARE_PX, SQUARE_PX);
        }),
      );
      context.restore();
    });
    y += layerHeight(layer);
  }
  return context.canvas;
}

const panelWidth = (panel: Panel) => Math.max(panel.canvas.width, 2 * LEGEND_BAR_PX);

/** Rows of panels (title, canvas at its own pixel size, legend) under one title. */
export function panelsCanvas(title: string, rows: readonly (readonly Panel[])[]): HTMLCanvasElement {
  const rowWidth = (row: readonly Panel[]) => row.reduce((sum, panel) => sum + panelWidth(panel) + GAP_PX, 0);
  const rowHeight = (row: readonly Panel[]) =>
    2 * LINE_PX + Math.max(...row.map((panel) => panel.canvas.height)) + GAP_PX;
  const width = 2 * PAD_PX + Math.max(...rows.map(rowWidth), 400);
  const context = context2d(width, 2 * PAD_PX + LINE_PX + rows.reduce((sum, row) => sum + rowHeight(row), 0));
  context.fillText(fitted(context, title, width - 2 * PAD_PX), PAD_PX, PAD_PX);
  let y = PAD_PX + LINE_PX + 6;
  for (const row of rows) {
    let x = PAD_PX;
    for (const panel of row) {
      context.fillText(fitted(context, panel.title, panelWidth(panel)), x, y);
      context.drawImage(panel.canvas, x, y + LINE_PX);
      // A frame, so that a heatmap's white (no error) does not melt into a white page.
      context.save();
      context.globalAlpha = 0.3;
      context.strokeStyle = context.fillStyle;
      context.strokeRect(x - 0.5, y + LINE_PX - 0.5, panel.canvas.width + 1, panel.canvas.height + 1);
      context.restore();
      drawLegend(context, panel.legend, x, y + LINE_PX + panel.canvas.height + 2);
      x += panelWidth(panel) + GAP_PX;
    }
    y += rowHeight(row);
  }
  return context.canvas;
}
