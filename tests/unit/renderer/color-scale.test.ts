import { describe, expect, it } from 'vitest';
import {
  BLUE_WHITE_RED,
  VIRIDIS,
  colorAt,
  cssColor,
  cssGradient,
  divergingColor,
  sequentialColor,
  unitPosition,
} from '../../../src-renderer/lib/color-scale';

describe('unitPosition', () => {
  it('maps the range onto 0..1 and clamps outside it', () => {
    expect(unitPosition(2, 2, 6)).toBe(0);
    expect(unitPosition(6, 2, 6)).toBe(1);
    expect(unitPosition(3, 2, 6)).toBe(0.25);
    expect(unitPosition(-10, 2, 6)).toBe(0);
    expect(unitPosition(10, 2, 6)).toBe(1);
  });

  it('puts every value in the middle of a range without width', () => {
    expect(unitPosition(5, 5, 5)).toBe(0.5);
    expect(unitPosition(1, 5, 5)).toBe(0.5);
  });
});

describe('colorAt', () => {
  it('gives the first and last stop at the ends', () => {
    expect(colorAt(VIRIDIS, 0)).toEqual(VIRIDIS[0]);
    expect(colorAt(VIRIDIS, 1)).toEqual(VIRIDIS[VIRIDIS.length - 1]);
  });

  it('gives a stop exactly at its position and interpolates linearly between stops', () => {
    expect(colorAt(VIRIDIS, 0.5)).toEqual(VIRIDIS[2]);
    const stops = [
      [0, 0, 0],
      [100, 200, 50],
    ] as const;
    expect(colorAt(stops, 0.5)).toEqual([50, 100, 25]);
    expect(colorAt(stops, 0.25)).toEqual([25, 50, 13]);
  });

  it('clamps t outside [0, 1]', () => {
    expect(colorAt(VIRIDIS, -1)).toEqual(VIRIDIS[0]);
    expect(colorAt(VIRIDIS, 7)).toEqual(VIRIDIS[VIRIDIS.length - 1]);
  });
});

describe('sequentialColor and divergingColor', () => {
  it('put min and max on the ends of viridis and clamp beyond them', () => {
    expect(sequentialColor(0.1, 0.1, 0.3)).toEqual(VIRIDIS[0]);
    expect(sequentialColor(0.3, 0.1, 0.3)).toEqual(VIRIDIS[4]);
    expect(sequentialColor(0.2, 0.1, 0.3)).toEqual(VIRIDIS[2]);
    expect(sequentialColor(9, 0.1, 0.3)).toEqual(VIRIDIS[4]);
  });

  it('is white at 0, blue at −limit and red at +limit', () => {
    expect(divergingColor(0, 0.2)).toEqual([255, 255, 255]);
    expect(divergingColor(-0.2, 0.2)).toEqual(BLUE_WHITE_RED[0]);
    expect(divergingColor(0.5, 0.2)).toEqual(BLUE_WHITE_RED[4]);
    expect(divergingColor(0, 0)).toEqual([255, 255, 255]);
  });
});

describe('CSS', () => {
  it('writes colours and gradients', () => {
    expect(cssColor([1, 2, 3])).toBe('rgb(1 2 3)');
    expect(cssGradient([VIRIDIS[0], VIRIDIS[4]])).toBe(
      'linear-gradient(to right, rgb(68 1 84), rgb(253 231 37))',
    );
  });
});
