// Resize and centre-crop geometry against torchvision's formulas, worked out by hand.
import { describe, expect, it } from 'vitest';
import { centreCropOffset, resizedSize, roundHalfToEven } from '../../../src-main/data/preprocess-geometry';

describe('resizedSize', () => {
  it('makes the shorter side the target and truncates the longer, as torchvision does', () => {
    expect(resizedSize({ width: 500, height: 375 }, 256)).toEqual({ width: 341, height: 256 }); // 341.33
    expect(resizedSize({ width: 333, height: 500 }, 256)).toEqual({ width: 256, height: 384 }); // 384.38
    expect(resizedSize({ width: 375, height: 499 }, 256)).toEqual({ width: 256, height: 340 }); // 340.65, not 341
    expect(resizedSize({ width: 100, height: 100 }, 256)).toEqual({ width: 256, height: 256 });
    expect(resizedSize({ width: 120, height: 80 }, 160)).toEqual({ width: 240, height: 160 });
  });
});

describe('roundHalfToEven', () => {
  it("rounds like Python's round()", () => {
    expect([0.5, 1.5, 2.5, 58.5, 59.5, 2.4, 2.6, 7].map(roundHalfToEven)).toEqual([0, 2, 2, 58, 60, 2, 3, 7]);
  });
});

describe('centreCropOffset', () => {
  it('centres a smaller crop, sending half-pixel margins to the even offset', () => {
    expect(centreCropOffset(256, 224)).toBe(16);
    expect(centreCropOffset(341, 224)).toBe(58); // round(58.5) = 58 in torchvision
    expect(centreCropOffset(343, 224)).toBe(60); // round(59.5) = 60
    expect(centreCropOffset(224, 224)).toBe(0);
  });

  it('puts floor((crop - size) / 2) zero pixels before an image smaller than the crop', () => {
    expect(centreCropOffset(200, 224)).toBe(-12);
    expect(centreCropOffset(201, 224)).toBe(-11);
  });
});
