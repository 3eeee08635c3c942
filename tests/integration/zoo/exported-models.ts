// Models exported by the repository's PyTorch scripts (tools/model-zoo), once per script version, into .cache/,
// and how the tests read them: the scripts' float32 files, a model's logits and top-1 classes, and images to run.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { hardwareSchema } from '../../../src-shared/config/hardware';

/** Continuous cells and converters: with every non-ideality off, an analog model computes its digital self. */
export const IDEAL = hardwareSchema.parse({
  weights: { bits: 0 },
  device: { onOff: 0 },
  dac: { bits: 0, range: 'explicit', limits: [-1, 1] },
  adc: { bits: 0 },
});

const REPO = join(import.meta.dirname, '../../..');
// Debian's python3 has torch; a python3 earlier on PATH (pyenv) may not.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface ExportedModel {
  file: string;
  input: number[];
  classes: number;
  inputFile: string;
  logitsFile: string;
}

/** The folder the script wrote (OUT_DIR as its first argument), exported anew when the script or arguments change. */
export function exportedModels(script: string, args: string[] = []): string {
  const scriptFile = join(REPO, 'tools/model-zoo', script);
  const key = createHash('sha256').update(readFileSync(scriptFile)).update(args.join('\0')).digest('hex');
  const dir = join(REPO, '.cache/model-zoo', `${script.replace(/\.py$/, '')}-${key.slice(0, 12)}`);
  if (existsSync(dir)) return dir;
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const result = spawnSync(PYTHON, [scriptFile, partial, ...args], { encoding: 'utf8', timeout: 900_000 });
  if (result.status !== 0) {
    const tail = `${result.stderr ?? ''}${result.error ?? ''}`.trim().split('\n').slice(-5).join('\n');
    throw new Error(
      `${script} failed (it needs Debian's python3-torch, python3-torchvision and python3-onnx):\n${tail}`,
    );
  }
  renameSync(partial, dir);
  return dir;
}

/** The models a script exported and listed in its manifest (`manifest` in OUT_DIR), with their folder. */
export function exportedManifest<T extends ExportedModel>(
  script: string,
  manifest: string,
  args: string[] = [],
): { dir: string; models: T[] } {
  const dir = exportedModels(script, args);
  const { models } = JSON.parse(readFileSync(join(dir, manifest), 'utf8')) as { models: T[] };
  return { dir, models };
}

/** A float32 file the scripts wrote (little-endian, as numpy's '<f4'). */
export function readFloats(file: string): Float32Array {
  const bytes = readFileSync(file);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** The first output of a model on one batch, through a fresh onnxruntime session. */
export async function logitsOf(
  bytes: Uint8Array,
  input: Float32Array,
  dims: number[],
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const outputs = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, dims) });
    return outputs[session.outputNames[0]].data as Float32Array;
  } finally {
    await session.release();
  }
}

/** Each image's highest logit. */
export function top1(logits: Float32Array, classes: number): number[] {
  return Array.from({ length: logits.length / classes }, (_, n) => {
    const row = logits.subarray(n * classes, (n + 1) * classes);
    return row.indexOf(Math.max(...row));
  });
}

/** Three classes of random RGB JPEGs, larger than the model's input, to be resized and cropped. */
export async function imageFolders(size: number): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'cb-zoo-data-'));
  let seed = 1;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const label of ['0', '1', '2']) {
    mkdirSync(join(root, label));
    for (let i = 0; i < 4; i++) {
      const side = size + 8;
      const pixels = Buffer.from(Array.from({ length: side * side * 3 }, () => Math.floor(next() * 256)));
      const jpeg = await sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
        .jpeg()
        .toBuffer();
      writeFileSync(join(root, label, `${i}.jpg`), jpeg);
    }
  }
  return root;
}
