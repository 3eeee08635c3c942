// Writes the ResNet50-shaped benchmark model: npx tsx bench/models/write-resnet50.ts <out.onnx> [seed]
import { writeFile } from 'node:fs/promises';
import { buildResNet50 } from './resnet50';

const [file, seed] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/models/write-resnet50.ts <out.onnx> [seed]');
  process.exit(2);
}
const started = performance.now();
const model = await buildResNet50({ seed: seed === undefined ? undefined : Number(seed) });
await writeFile(file, model.bytes);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `${file}: ${model.parameterCount} parameters, ${model.bytes.length} bytes, built in ${seconds} s`,
);
