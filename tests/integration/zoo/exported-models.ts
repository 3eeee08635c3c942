// Models exported by the repository's PyTorch scripts (tools/model-zoo), once per script version, into .cache/,
// and how the tests read them: the scripts' float32 files, a model's logits and top-1 classes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

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
