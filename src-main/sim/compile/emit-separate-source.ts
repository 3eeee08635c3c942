// Wire resistance with gated cells (docs/analog-model.md §7, topology B, "separate-source"): no row wires; an input
// bit connects its row's cells to an ideal supply, so every column is a ladder down to its virtual ground, not
// linear in the bits, and solved for every input vector and bit. The ladder from the open end: Norton (J, y) of
// the rows above a node; a wire segment divides both by 1 + R̂p·y; an on cell adds s·G to J and G to y; the
// column's current is J / (1 + R̂p·y) after the last segment. Exact, one row per Scan step over every vector.
import { GraphBuilder } from '../onnx/graph-builder';
import type { ClippedReadCells } from './emit-clipped-reads';
import { inputVectors, productLayout } from './emit-patches';
import type { MatrixLayer } from './matrix-layer';
import type { SlotFactory } from './emit-types';
import type { Constant } from './compile-types';

/** The cells of one product as the clipped reads see them, and how its wires are laid out. */
export type GatedCells = Pick<
  ClippedReadCells,
  'rows' | 'outputs' | 'planes' | 'signs' | 'perCode' | 'shift'
> & {
  /** Both planes on one column (one ladder with both cells at each node), or each its own array (two). */
  interleaved: boolean;
  rp: number;
};

/**
 * The column currents of one row partition for every input vector of `digits` (1-bit slices, signed: −1, 0, 1,
 * already stacked on the batch axis), scaled like the ideal product.
 */
export function emitGatedColumns(
  graph: GraphBuilder,
  layer: MatrixLayer,
  digits: string,
  cells: GatedCells,
  constant: Constant,
  conductanceSlot: SlotFactory,
): string {
  const { rows, outputs } = cells;
  const { vectors, flat } = inputVectors(graph, layer, digits, rows, constant);
  // Scan inputs run over rows: [rows, M, 1] for the supplies' signs, and whether each cell is connected.
  const byRow = (tensor: string) =>
    graph.listOp('Unsqueeze', graph.op('Transpose', [tensor], { perm: [1, 0] }), [2])[0];
  const signedBits = byRow(flat);
  const connected = byRow(graph.op('Abs', [flat]));
  const zeros = graph.op('Expand', [
    constant(graph.uniqueName('zero'), [], [0]),
    graph.op('Concat', [graph.shapeDims(flat, 0, 1), graph.int64Constant(graph.uniqueName('o'), [outputs])], {
      axis: 0,
    }),
  ]);
  const slot = (combine: (planes: Float64Array[]) => Float64Array) =>
    conductanceSlot(graph.uniqueName('gated'), [rows, 1, outputs], (programmed) =>
      Float32Array.from(combine(cells.planes(programmed))),
    );
  // An interleaved pair is one ladder: both cells at each node, Norton current (G⁺ − G⁻)·V; else one per plane.
  const ladders = cells.interleaved
    ? [{ sign: 1, total: slot(sumOf(cells.signs.map(() => 1))), source: slot(sumOf(cells.signs)) }]
    : cells.signs.map((sign, p) => {
        const plane = slot((planes) => planes[p]);
        return { sign, total: plane, source: plane };
      });
  const currents = ladders.map(({ sign, total, source }) => {
    const [y, j] = graph.node(
      'Scan',
      [zeros, zeros, signedBits, connected, total, source],
      { body: { graph: ladderStep(graph.uniqueName('ladder'), cells.rp, outputs) }, num_scan_inputs: 4 },
      2,
    );
    const current = graph.op('Div', [
      j,
      graph.op('Add', [
        constant(graph.uniqueName('one'), [], [1]),
        graph.op('Mul', [y, constant(graph.uniqueName('rp'), [], [cells.rp])]),
      ]),
    ]);
    return sign < 0 ? graph.op('Neg', [current]) : current;
  });
  const total = currents.length > 1 ? graph.op('Sum', currents) : currents[0];
  return productLayout(graph, layer, { input: digits, vectors }, total, cells, constant);
}

/** Per cell, Σ_p weight_p·G_p. */
function sumOf(weights: number[]) {
  return (planes: Float64Array[]) =>
    planes[0].map((_, c) => planes.reduce((sum, plane, p) => sum + weights[p] * plane[c], 0));
}

/**
 * One row of the ladder: (y, J) ← (y/d + a·G_total, J/d + b·G_source), d = 1 + R̂p·y, where b is the row's
 * signed bit and a = |b|. Row 0 has no segment above it; with y = 0 its d is 1.
 */
function ladderStep(name: string, rp: number, outputs: number) {
  const body = new GraphBuilder(name, `${name}/`);
  const y = body.input(`${name}/y_in`, ['M', outputs]);
  const j = body.input(`${name}/j_in`, ['M', outputs]);
  const bit = body.input(`${name}/bit`, ['M', 1]);
  const on = body.input(`${name}/on`, ['M', 1]);
  const total = body.input(`${name}/total`, [1, outputs]);
  const source = body.input(`${name}/source`, [1, outputs]);
  const inverse = body.op('Reciprocal', [
    body.op('Add', [
      body.constant(body.uniqueName('one'), [], [1]),
      body.op('Mul', [y, body.constant(body.uniqueName('rp'), [], [rp])]),
    ]),
  ]);
  const yNext = body.op('Add', [body.op('Mul', [y, inverse]), body.op('Mul', [on, total])]);
  const jNext = body.op('Add', [body.op('Mul', [j, inverse]), body.op('Mul', [bit, source])]);
  body.output(body.op('Identity', [yNext], {}, `${name}/y_out`), ['M', outputs]);
  body.output(body.op('Identity', [jNext], {}, `${name}/j_out`), ['M', outputs]);
  return body.graphProto();
}
