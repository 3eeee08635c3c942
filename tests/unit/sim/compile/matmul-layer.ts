// A matmul layer y = W·x straight from a weight matrix, for tests of the passes below the model (map, plan, emit).
import type { MatrixLayer } from '../../../../src-main/sim/compile/matrix-layer';

/** W is [outputs][inputs]; the layer reads tensor "x" and writes "y". */
export function matmulLayer(weights: number[][]): MatrixLayer {
  return {
    name: 'mvm',
    kind: 'matmul',
    weights: Float32Array.from(weights.flat()),
    weightDims: [weights.length, weights[0].length],
    bias: null,
    group: 1,
    convAttributes: {},
    transposeInput: false,
    input: 'x',
    output: 'y',
  };
}
