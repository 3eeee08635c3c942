// Read noise with clipped reads (docs/analog-model.md §4, `readNoise.clip: true`): every cell of every MVM is read as
// clip(G + σ(G)·n) with fresh n, so no output-referred shortcut exists. The slow path: per input vector, a noisy
// copy of the partition's cells, and a batched product with it.
import type { GraphBuilder } from '../onnx/graph-builder';
import { standardNormalLike } from './emit-read-noise';
import { inputVectors, productLayout, type ProductUnits } from './emit-patches';
import { kernelSize, type MatrixLayer } from './matrix-layer';
import type { ProgrammedLayer } from './program-layer';
import type { SlotFactory } from './emit-types';
import type { Constant } from './compile-types';

/** The cells of one product, as [rows, outputs] matrices per plane, and how the planes combine (G⁺ − G⁻, or G). */
export interface ClippedReadCells extends ProductUnits {
  rows: number;
  /** Per plane: conductances [rows][outputs] (rows in channel-then-kernel order), row-major. */
  planes: (programmed: ProgrammedLayer) => Float64Array[];
  signs: number[];
  /** σ of one read of a cell of conductance G. */
  sigma: (g: number) => number;
  /** [low, high] of the clip policy; high is Infinity for "zero". */
  bounds: [number, number];
}

/**
 * The partition's product with clipped noisy reads: y = perCode · Σ_rows x · Σ_planes sign · clip(G + σ(G)·n) + shift,
 * n drawn for every input vector (a conv's every output position, a stacked input bit's every row).
 */
export function emitClippedReadProduct(
  graph: GraphBuilder,
  layer: MatrixLayer,
  input: string,
  cells: ClippedReadCells,
  constant: Constant,
  conductanceSlot: SlotFactory,
): string {
  const { rows, outputs } = cells;
  const { vectors, flat } = inputVectors(graph, layer, input, rows, constant);
  const count = graph.shapeDims(flat, 0, 1);
  const perVector = graph.op(
    'Concat',
    [count, graph.int64Constant(graph.uniqueName('cells'), [rows, outputs])],
    {
      axis: 0,
    },
  );
  const [low, high] = cells.bounds;
  const bounds = [constant(graph.uniqueName('read_low'), [], [low])];
  if (Number.isFinite(high)) bounds.push(constant(graph.uniqueName('read_high'), [], [high]));
  const reads = cells.signs.map((sign, p) => {
    const g = conductanceSlot(graph.uniqueName('read_g'), [rows, outputs], (programmed) =>
      Float32Array.from(cells.planes(programmed)[p]),
    );
    const sigma = conductanceSlot(graph.uniqueName('read_sigma'), [rows, outputs], (programmed) =>
      Float32Array.from(cells.planes(programmed)[p], cells.sigma),
    );
    const mean = graph.op('Expand', [g, perVector]);
    const noise = graph.op('Mul', [standardNormalLike(graph, mean, constant), sigma]);
    const read = graph.op('Clip', [graph.op('Add', [mean, noise]), ...bounds]);
    return sign < 0 ? graph.op('Neg', [read]) : read;
  });
  const weights = reads.length > 1 ? graph.op('Sum', reads) : reads[0];
  const rowsOfOne = graph.listOp('Unsqueeze', flat, [1])[0];
  const product = graph.op('MatMul', [rowsOfOne, weights]);
  return productLayout(graph, layer, { input, vectors }, product, cells, constant);
}

/** Row-major [rows][outputs] cells of input channels [first, first + count) from the layer's weight layout. */
export function partitionCellRows(
  layer: MatrixLayer,
  values: Float64Array,
  first: number,
  count: number,
): Float64Array {
  const outputs = layer.weightDims[0];
  const channels = layer.weightDims[1];
  const kernel = kernelSize(layer);
  const rows = count * kernel;
  const out = new Float64Array(rows * outputs);
  for (let o = 0; o < outputs; o++) {
    for (let r = 0; r < rows; r++) out[r * outputs + o] = values[(o * channels + first) * kernel + r];
  }
  return out;
}

/** Row-major [rows][units] unit-column cells, from [unit][row]. */
export function unitCellRows(cells: Float64Array, units: number, rows: number): Float64Array {
  const out = new Float64Array(rows * units);
  for (let u = 0; u < units; u++) for (let r = 0; r < rows; r++) out[r * units + u] = cells[u * rows + r];
  return out;
}
