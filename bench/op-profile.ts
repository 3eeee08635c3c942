// `npx tsx bench/op-profile.ts`: where the analog ResNet50-shaped model spends its time, per operator type,
// beside the digital model (onnxruntime's own profiler; the figures behind docs/decisions.md's layout notes).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { AnalogModel } from '../src-main/sim/evaluate/analog-model';
import { sessionOptions } from '../src-main/sim/evaluate/model-session';
import { BASELINE } from './baseline';
import { buildResNet50 } from './models/resnet50';

const RUNS = 3;

interface ProfileEvent {
  cat?: string;
  name: string;
  dur: number;
  args?: { op_name?: string };
}

async function opTimes(bytes: Uint8Array, input: ort.Tensor, label: string): Promise<Map<string, number>> {
  const session = await ort.InferenceSession.create(bytes, {
    ...sessionOptions(),
    enableProfiling: true,
    profileFilePrefix: join(tmpdir(), `crossbar-profile-${label}`),
  });
  for (let i = 0; i < RUNS; i++) await session.run({ [session.inputNames[0]]: input });
  // onnxruntime-node writes `<prefix>_<timestamp>.json` when the session ends and does not return the name.
  await session.release();
  const prefix = `crossbar-profile-${label}`;
  const file = join(
    tmpdir(),
    readdirSync(tmpdir())
      .filter((name) => name.startsWith(prefix))
      .sort()
      .at(-1)!,
  );
  const events = JSON.parse(readFileSync(file, 'utf8')) as ProfileEvent[];
  rmSync(file);
  const times = new Map<string, number>();
  for (const event of events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'))) {
    const op = event.args?.op_name ?? '?';
    times.set(op, (times.get(op) ?? 0) + event.dur / RUNS / 1000);
  }
  return times;
}

const resnet = await buildResNet50({ seed: 50 });
const dims = [4, 3, 224, 224];
const images = Float32Array.from(
  { length: dims.reduce((a, b) => a * b, 1) },
  (_, i) => Math.sin(i * 0.37) * 1.5,
);
const input = new ort.Tensor('float32', images, dims);
const model = AnalogModel.map(resnet.bytes, 'resnet50', BASELINE, { seed: 1, intraOpThreads: 2 });
const trials = model.compile(
  await model.calibratedPlans(async function* () {
    yield { tensor: images, dims };
  }),
);
for (const [label, bytes] of [
  ['digital', resnet.bytes],
  ['analog', trials.trialBytes(model.program(0))],
] as const) {
  const times = [...(await opTimes(bytes, input, label)).entries()].sort((a, b) => b[1] - a[1]);
  const total = times.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`${label}: ${total.toFixed(1)} ms per run of ${dims[0]} images`);
  for (const [op, ms] of times.slice(0, 10)) console.log(`  ${op.padEnd(20)} ${ms.toFixed(1)} ms`);
}
