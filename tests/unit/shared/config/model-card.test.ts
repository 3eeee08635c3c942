import { describe, expect, it } from 'vitest';
import { NotAModelCardError, parseModelCard } from '../../../../src-shared/config/model-card';

const FILE = '/models/net.json';
const PREPROCESS = { resize: 36, crop: 32, channels: 3, mean: [0, 0, 0], std: [1, 1, 1] };

describe('parseModelCard', () => {
  it('reads a card with a name and preprocessing', () => {
    expect(parseModelCard({ name: 'net', preprocess: PREPROCESS }, FILE).preprocess.crop).toBe(32);
  });

  it('says that a JSON of another kind beside the model is not a card, naming the file, its keys and the fix', () => {
    const read = () => parseModelCard({ reference_logits: [[1, 2]], opset: 13 }, FILE);
    expect(read).toThrow(NotAModelCardError);
    expect(read).toThrow(/\/models\/net\.json was read as the model card, but it is not one/);
    expect(read).toThrow(/"reference_logits", "opset"/);
    expect(read).toThrow(/--preprocess P\.json/);
  });

  it('calls arrays and scalars beside the model what they are', () => {
    expect(() => parseModelCard([1, 2], FILE)).toThrow(/not one \(a JSON array\)/);
    expect(() => parseModelCard(3, FILE)).toThrow(/not one \(a JSON number\)/);
  });

  it('names what a card with a mistake lacks, and it is not mistaken for a non-card', () => {
    const read = () => parseModelCard({ name: 'net' }, FILE);
    expect(read).toThrow(/invalid model card \/models\/net\.json/);
    expect(read).toThrow(/it lacks "preprocess"/);
    let error: unknown;
    try {
      read();
    } catch (caught) {
      error = caught;
    }
    expect(error).not.toBeInstanceOf(NotAModelCardError);
  });
});
