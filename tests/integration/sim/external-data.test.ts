// Models saved with external data (weights in a file beside the .onnx, as exporters write past 2 GB).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourcesDir } from '../../../src-main/app/paths';
import { readModelFile } from '../../../src-main/sim/evaluate/model-session';
import { onnx } from '../../../src-main/sim/onnx/proto';
import { runModel } from './onnx/run-model';

const DEMO = join(resourcesDir(), 'demo', 'model.onnx');

/** The demo model with every initializer of over 1 KiB moved into `weights.bin`, one after another. */
function saveWithExternalData(dir: string): { file: string; moved: number } {
  const model = onnx.ModelProto.decode(readFileSync(DEMO));
  const chunks: Uint8Array[] = [];
  let offset = 0;
  let moved = 0;
  for (const tensor of model.graph?.initializer ?? []) {
    const raw = tensor.rawData;
    if (!raw || raw.byteLength <= 1024) continue;
    chunks.push(Uint8Array.from(raw));
    tensor.externalData = [
      { key: 'location', value: 'weights.bin' },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(raw.byteLength) },
    ];
    tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    tensor.rawData = new Uint8Array(0);
    offset += raw.byteLength;
    moved++;
  }
  writeFileSync(join(dir, 'weights.bin'), Buffer.concat(chunks));
  const file = join(dir, 'model.onnx');
  writeFileSync(file, onnx.ModelProto.encode(model).finish());
  return { file, moved };
}

describe('external data', () => {
  it('brings the data file into the model: the same logits as the model saved whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-external-'));
    const { file, moved } = saveWithExternalData(dir);
    expect(moved).toBeGreaterThan(5);
    const input = Float32Array.from({ length: 2 * 784 }, (_, i) => Math.sin(i));
    const whole = await runModel(readFileSync(DEMO), input, [2, 1, 28, 28]);
    const internalized = await runModel(await readModelFile(file), input, [2, 1, 28, 28]);
    expect(internalized[0]).toEqual(whole[0]);
  });

  it('names the tensor and the data file when the data file is missing or short', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-external-'));
    const { file } = saveWithExternalData(dir);
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(16));
    await expect(readModelFile(file)).rejects.toThrow(
      /tensor ".+" reads bytes \d+–\d+ of .*weights\.bin, which has 16/,
    );
    rmSync(join(dir, 'weights.bin'));
    await expect(readModelFile(file)).rejects.toThrow(
      /keeps its data in .*weights\.bin, which cannot be read \(ENOENT\); keep the data file beside the model/,
    );
  });
});
