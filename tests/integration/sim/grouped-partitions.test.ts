// A grouped convolution whose group needs more than one array: each row partition holds the same channels of
// every group (§3 tiles each group's matrix alone), here 6 → 8 channels in 2 groups of 27 rows on 18-row arrays.
import { describe, expect, it } from 'vitest';
import { hardwareSchema, type HardwareConfig } from '../../../src-shared/config/hardware';
import { compileModel, mapModel } from '../../../src-main/sim/compile/compile-model';
import { planLayer } from '../../../src-main/sim/compile/layer-plan';
import { idealCells, programLayer } from '../../../src-main/sim/compile/program-layer';
import { SeededRandom } from '../../../src-main/sim/devices/seeded-random';
import { compileDiagnostics } from '../../../src-main/sim/evaluate/model-diagnostics';
import * as models from '../../unit/sim/onnx/models';
import { idealMappings } from './ideal-mappings';
import { expectSameOutputs, relativeError, runModel } from './onnx/run-model';

const model = models.groupedModel();
const input = Float32Array.from({ length: model.inputShape.reduce((a, b) => a * b, 1) }, (_, i) =>
  Math.sin(i * 0.7),
);
const ARRAY = { rowsMax: 18, colsMax: 4 };

async function analogOutput(
  config: HardwareConfig,
  cellsOf: 'ideal' | 'programmed',
): Promise<Float32Array[]> {
  const mapped = mapModel(model.bytes, 'test.onnx', config);
  expect(mapped.layers[0].mapped.rows.rowsPerPartition).toEqual([18, 9]);
  const compiled = compileModel(
    mapped,
    config,
    mapped.layers.map(() => null),
  );
  const cells = mapped.layers.map(({ mapped: layer }, i) =>
    cellsOf === 'ideal' ? idealCells(layer) : programLayer(layer, config, new SeededRandom(1, 0, i)),
  );
  return runModel(compiled.encodeTrial(cells, 1), input, model.inputShape);
}

describe('a grouped convolution on several arrays per group', () => {
  const configs = idealMappings(ARRAY);

  it.each(Object.entries(configs))(
    'with ideal cells is the model itself, with zero array error: %s',
    async (_, config) => {
      expectSameOutputs(
        await analogOutput(config, 'ideal'),
        await runModel(model.bytes, input, model.inputShape),
      );
      const mapped = mapModel(model.bytes, 'test.onnx', config);
      const plans = mapped.layers.map((layer) => planLayer(layer.mapped, config, null));
      const arrays = await compileDiagnostics(mapped, plans).arrays(
        mapped.layers.map((layer) => idealCells(layer.mapped)),
        { tensor: input, dims: model.inputShape },
        { intraOpThreads: 1, noiseSeed: 0 },
      );
      // One entry per (row partition, column partition), each covering its partition in both groups.
      expect(arrays.map((a) => [a.rowPartition, a.colPartition, a.rows])).toEqual([
        [0, 0, 18],
        [1, 0, 9],
      ]);
      for (const array of arrays) expect(array.nrmsError).toBeLessThan(1e-5);
    },
  );

  it('through wires of vanishing resistance computes what ideal wires do (each partition solved with its rows)', async () => {
    const { differential } = configs;
    const programmed = hardwareSchema.parse({
      ...differential,
      device: { ...differential.device, programmingError: { model: 'state-independent', alpha: 0.02 } },
    });
    const wired = hardwareSchema.parse({
      ...programmed,
      array: { ...programmed.array, parasitics: { rp: 1e-9 } },
    });
    const [ideal] = await analogOutput(programmed, 'programmed');
    const [throughWires] = await analogOutput(wired, 'programmed');
    expect(relativeError(throughWires, ideal)).toBeLessThan(1e-5);
    const [digital] = await runModel(model.bytes, input, model.inputShape);
    expect(relativeError(ideal, digital)).toBeGreaterThan(1e-3); // the programming error is there
  });
});
