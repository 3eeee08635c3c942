// What a model's declared input shape proposes as its preprocessing on import.
import { describe, expect, it } from 'vitest';
import { IMAGENET_PREPROCESS } from '../../../../src-shared/config/preprocess';
import { proposePreprocess } from '../../../../src-shared/config/preprocess-proposal';

describe('proposePreprocess', () => {
  it('is the ImageNet standard for a [N, 3, 224, 224] input', () => {
    expect(proposePreprocess(['N', 3, 224, 224])).toEqual(IMAGENET_PREPROCESS);
  });

  it("keeps torchvision's 256/224 margin at 299×299 (Inception)", () => {
    expect(proposePreprocess([1, 3, 299, 299])).toMatchObject({ resize: 342, crop: 299, channels: 3 });
  });

  it('takes a small grayscale image whole, normalised to [-1, 1]', () => {
    expect(proposePreprocess(['batch', 1, 28, 28])).toEqual({
      resize: 28,
      crop: 28,
      channels: 1,
      mean: [0.5],
      std: [0.5],
      layout: 'nchw',
    });
  });

  it('reads channels-last inputs (TensorFlow) and non-square crops', () => {
    expect(proposePreprocess(['N', 240, 320, 3])).toMatchObject({
      resize: 274,
      crop: [240, 320],
      channels: 3,
      layout: 'nhwc',
    });
  });

  it('falls back to the ImageNet standard where the shape fixes no size', () => {
    expect(proposePreprocess(['N', 3, 'H', 'W'])).toEqual(IMAGENET_PREPROCESS);
    expect(proposePreprocess(['N', 1, null, null])).toMatchObject({ channels: 1, mean: [0.5], crop: 224 });
    expect(proposePreprocess(['N', 'sequence'])).toEqual(IMAGENET_PREPROCESS);
  });
});
