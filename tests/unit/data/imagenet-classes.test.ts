// The shipped ILSVRC2012 devkit class order: complete, and consistent with the sorted order models use.
import { describe, expect, it } from 'vitest';
import { labelsOfWnids, loadImagenetClasses } from '../../../src-main/data/imagenet-classes';

describe('ImageNet classes', () => {
  it('lists 1000 distinct WordNet IDs whose sorted order runs from tench to toilet tissue', async () => {
    const classes = await loadImagenetClasses();
    expect(new Set(classes.devkitWnids).size).toBe(1000);
    expect(classes.sortedWnids[0]).toBe('n01440764');
    expect(classes.sortedWnids[999]).toBe('n15075141');
    expect([...classes.devkitWnids].sort()).toEqual(classes.sortedWnids);
  });

  it("follows the devkit's meta.mat order: ILSVRC2012_ID 1 is kit fox, 1000 is dumbbell", async () => {
    const { devkitWnids } = await loadImagenetClasses();
    expect(devkitWnids.slice(0, 3)).toEqual(['n02119789', 'n02100735', 'n02110185']);
    expect(devkitWnids[999]).toBe('n03255030');
  });

  it('maps the ids of the first validation images to their well-known model outputs', async () => {
    const { devkitLabels } = await loadImagenetClasses();
    // ILSVRC2012_val_00000001..3 have devkit ids 490, 361, 171: sea snake (65), alp (970), Shetland sheepdog (230).
    expect([490, 361, 171].map((id) => devkitLabels[id - 1])).toEqual([65, 970, 230]);
    expect([...devkitLabels].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('labels WordNet IDs by sorted position, and gives up on one outside the 1000', async () => {
    const classes = await loadImagenetClasses();
    expect(labelsOfWnids(classes, ['n15075141', 'n01440764'])).toEqual([999, 0]);
    expect(labelsOfWnids(classes, ['n01440764', 'n99999999'])).toBeUndefined();
  });
});
