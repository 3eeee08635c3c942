// Which runs share a digital baseline: the same model, dataset, preprocessing and image sample.
import { afterEach, describe, expect, it } from 'vitest';
import { imageSetOf } from '../../../src-main/app/runs/image-set';
import { openStore, type JsonObject, type Store } from '../../../src-main/store/index';
import { createRun, seedCatalog, type Catalog } from '../store/fixtures';

let store: Store;
afterEach(() => store.close());

function runWith(catalog: Catalog, images: JsonObject, preprocess: JsonObject = { size: 28 }) {
  const run = createRun(store, catalog, { params: { images, preprocess } });
  const subset = images as unknown as { count: number };
  return imageSetOf(store, run, { sample: images as never, images: subset.count });
}

describe('imageSetOf', () => {
  const subset = (count: number, sample: string, seed: number) => ({
    count,
    sample,
    seed,
    classesCovered: 10,
    classesInDataset: 10,
  });

  it('is one set for runs on the same images, and a different one when the count, seed, sample or preprocessing differs', () => {
    store = openStore(':memory:');
    const catalog = seedCatalog(store);
    const base = runWith(catalog, subset(100, 'stratified', 0));
    expect(runWith(catalog, subset(100, 'stratified', 0)).key).toBe(base.key);
    expect(base.label).toBe(
      'resnet8 on cifar10-val: 100 images, random, the same share of every class (seed 0); 10 of 10 classes',
    );
    const others = [
      runWith(catalog, subset(200, 'stratified', 0)),
      runWith(catalog, subset(100, 'stratified', 1)),
      runWith(catalog, subset(100, 'random', 0)),
      runWith(catalog, subset(100, 'stratified', 0), { size: 32 }),
    ];
    expect(new Set([base.key, ...others.map((set) => set.key)]).size).toBe(5);
  });

  it('ignores the seed of a first-N sample, which draws no random number', () => {
    store = openStore(':memory:');
    const catalog = seedCatalog(store);
    expect(runWith(catalog, subset(100, 'first', 0)).key).toBe(runWith(catalog, subset(100, 'first', 7)).key);
  });
});
