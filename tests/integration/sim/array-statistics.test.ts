// Per-array statistics (§8) against a direct computation on one small array: continuous cells at Gmin = 0, an
// ideal DAC and a 5-bit symmetric ADC whose range clips some outputs.
import { describe, expect, it } from 'vitest';
import { hardwareSchema } from '../../../src-shared/config/hardware';
import { simulateMvm } from '../../../src-main/sim/evaluate/mvm';
import { mapModel } from '../../../src-main/sim/compile/compile-model';
import { planLayer } from '../../../src-main/sim/compile/layer-plan';
import { idealCells } from '../../../src-main/sim/compile/program-layer';
import { compileDiagnostics } from '../../../src-main/sim/evaluate/model-diagnostics';
import * as models from '../../unit/sim/onnx/models';
import { idealMappings } from './ideal-mappings';

const weights = [
  [0.9, -0.4, 0.2, 0.0, -1.0, 0.5],
  [0.1, 0.3, -0.7, 0.8, 0.2, -0.2],
  [-0.5, 0.6, 0.6, -0.1, 0.4, 0.9],
];
const inputs = [
  [1.0, 0.5, 0.2, 0.9, 0.1, 0.4],
  [0.3, 0.8, 1.0, 0.0, 0.6, 0.7],
  [0.9, 0.9, 0.1, 0.5, 0.2, 0.3],
  [0.0, 0.4, 0.7, 1.0, 0.8, 0.6],
];
const LIMIT = 1.2; // ADC [−1.2, 1.2]: 31 levels

describe('per-array statistics', () => {
  it('match a direct computation of error, clipping (per array and per column), conductance and current', async () => {
    const config = hardwareSchema.parse({
      weights: { bits: 0 },
      device: { onOff: 0 },
      dac: { bits: 0, range: 'explicit', limits: [0, 1] },
      adc: { bits: 5, range: 'explicit', limits: [-LIMIT, LIMIT] },
    });
    const { arrays } = await simulateMvm(config, weights, inputs, { trials: 1, seed: 0 });
    expect(arrays).toHaveLength(1);

    // Direct: Wmax = 1, G± = max(±w, 0), the column sees Σ w·x; the ADC rounds to steps of 2.4/30 after clipping.
    const step = (2 * LIMIT) / 30;
    const quantize = (v: number) => Math.round(Math.min(LIMIT, Math.max(-LIMIT, v)) / step) * step;
    let squared = 0;
    let idealSquared = 0;
    let clipped = 0;
    const clippedPerColumn = weights.map(() => 0);
    let current = 0;
    for (const x of inputs) {
      for (const [column, row] of weights.entries()) {
        const ideal = row.reduce((sum, w, i) => sum + w * x[i], 0);
        squared += (quantize(ideal) - ideal) ** 2;
        idealSquared += ideal ** 2;
        clipped += Math.abs(ideal) > LIMIT ? 1 : 0;
        clippedPerColumn[column] += Math.abs(ideal) > LIMIT ? 1 : 0;
        current += Math.abs(ideal);
      }
    }
    const conversions = inputs.length * weights.length;
    const cells = weights.flat().flatMap((w) => [Math.max(w, 0), Math.max(-w, 0)]);
    const [array] = arrays;
    expect(clipped).toBeGreaterThan(0); // the case exercises clipping
    expect(array.conversions).toBe(conversions);
    expect(array.clippedFraction).toBeCloseTo(clipped / conversions, 12);
    expect(array.columnClipping).toEqual(clippedPerColumn.map((n) => n / inputs.length));
    expect(array.nrmsError).toBeCloseTo(Math.sqrt(squared / idealSquared), 5);
    expect(array.meanColumnCurrent).toBeCloseTo(current / conversions, 5);
    expect(array.meanConductance).toBeCloseTo(cells.reduce((a, b) => a + b, 0) / cells.length, 6);
    expect(array.progErrorRms).toBe(0);
    expect([array.rows, array.cols]).toEqual([6, 3]);
  });
});

describe('per-array statistics of ideal arrays', () => {
  // With continuous, error-free cells and ideal converters every array's output is its ideal partial sum: any
  // error left is in how the statistics read the graph (offset, row sums, groups, layouts).
  const configs = idealMappings({ rowsMax: 27, colsMax: 4 });
  const cases = {
    Conv: models.convModel(),
    'depthwise Conv': models.depthwiseModel(),
    'grouped Conv': models.groupedModel(),
    Gemm: models.gemmModel(),
    'MatMul, batched 3-D activations': models.matmul3dModel(),
  };
  it.each(Object.entries(cases))('have zero error and no clipping: %s', async (_name, model) => {
    const size = model.inputShape.reduce((a, b) => a * b, 1);
    const tensor = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 0.7));
    for (const [name, config] of Object.entries(configs)) {
      const mapped = mapModel(model.bytes, 'test.onnx', config);
      const plans = mapped.layers.map((layer) => planLayer(layer.mapped, config, null));
      const arrays = await compileDiagnostics(mapped, plans).arrays(
        mapped.layers.map((layer) => idealCells(layer.mapped)),
        { tensor, dims: model.inputShape },
        { intraOpThreads: 1, noiseSeed: 0 },
      );
      expect(arrays.length, name).toBeGreaterThanOrEqual(plans.length);
      for (const array of arrays) {
        expect(
          array.nrmsError,
          `${name}: ${array.layer} (${array.rowPartition}, ${array.colPartition})`,
        ).toBeLessThan(1e-5);
        expect(array.clippedFraction).toBe(0);
        expect(array.conversions).toBeGreaterThan(0);
      }
    }
  });
});
