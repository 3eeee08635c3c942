// Top-k accuracy counting on raw logits (docs/analog-model.md §8).

/** Rank of the true class among the logits of one image (0 = predicted class); ties count against it. */
export function rankOfLabel(logits: Float32Array, offset: number, classes: number, label: number): number {
  const target = logits[offset + label];
  let rank = 0;
  for (let c = 0; c < classes; c++) {
    const value = logits[offset + c];
    if (value > target || (value === target && c < label)) rank++;
  }
  return rank;
}

/** Index of the largest logit of one image (the first one on ties). */
export function argmax(logits: Float32Array, offset: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (logits[offset + c] > logits[offset + best]) best = c;
  return best;
}

export interface BatchScore {
  images: number;
  correctTop1: number;
  correctTop5: number;
  /** Predicted class per image, to compare analog with digital predictions. */
  predictions: Int32Array;
}

export function scoreBatch(logits: Float32Array, classes: number, labels: Int32Array): BatchScore {
  const predictions = new Int32Array(labels.length);
  let correctTop1 = 0;
  let correctTop5 = 0;
  for (let i = 0; i < labels.length; i++) {
    const rank = rankOfLabel(logits, i * classes, classes, labels[i]);
    if (rank === 0) correctTop1++;
    if (rank < 5) correctTop5++;
    predictions[i] = argmax(logits, i * classes, classes);
  }
  return { images: labels.length, correctTop1, correctTop5, predictions };
}
