import { describe, expect, it } from 'vitest';
import { argmax, rankOfLabel, scoreBatch } from '../../../../src-main/sim/evaluate/accuracy';

describe('top-k scoring', () => {
  it('ranks the true class among the logits, ties counting against it', () => {
    const logits = Float32Array.from([0.1, 0.9, 0.5, 0.9]);
    expect(rankOfLabel(logits, 0, 4, 1)).toBe(0);
    expect(rankOfLabel(logits, 0, 4, 3)).toBe(1); // tied with class 1, which argmax prefers
    expect(rankOfLabel(logits, 0, 4, 0)).toBe(3);
    expect(argmax(logits, 0, 4)).toBe(1);
  });

  it('counts top-1 and top-5 over a hand-made batch of three images with seven classes', () => {
    // image 0: label 2 is the largest; image 1: label 0 is 3rd; image 2: label 6 is 6th (outside top 5).
    const logits = Float32Array.from([
      0,
      1,
      9,
      2,
      3,
      4,
      5, //
      5,
      9,
      1,
      8,
      0,
      0,
      0, //
      6,
      5,
      4,
      3,
      2,
      0,
      1,
    ]);
    const score = scoreBatch(logits, 7, Int32Array.from([2, 0, 6]));
    expect(score).toMatchObject({ images: 3, correctTop1: 1, correctTop5: 2 });
    expect([...score.predictions]).toEqual([2, 1, 0]);
  });
});
