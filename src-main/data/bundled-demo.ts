// The demo that ships with the app: a Fashion-MNIST ResNet and 1,000 labelled test images (resources/demo/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModelCard, type ModelCard } from '../../src-shared/config/model-card';

export interface BundledDemo {
  modelFile: string;
  imagesDir: string;
  card: ModelCard;
}

export function bundledDemo(resourcesDir: string): BundledDemo {
  const dir = join(resourcesDir, 'demo');
  const cardFile = join(dir, 'model.json');
  return {
    modelFile: join(dir, 'model.onnx'),
    imagesDir: join(dir, 'images'),
    card: parseModelCard(JSON.parse(readFileSync(cardFile, 'utf8')), cardFile),
  };
}
