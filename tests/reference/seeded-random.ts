// Seeded random numbers for the reference simulator: xoshiro128** uniforms and Box–Muller standard normals.

const TWO_POW_53 = 9007199254740992;

/** One step of the splitmix32 mixer: used only to spread a seed over xoshiro's four state words. */
function splitMix32Step(state: number): { state: number; value: number } {
  const next = (state + 0x9e3779b9) | 0;
  let mixed = next ^ (next >>> 16);
  mixed = Math.imul(mixed, 0x21f0aaad);
  mixed ^= mixed >>> 15;
  mixed = Math.imul(mixed, 0x735a2d97);
  mixed ^= mixed >>> 15;
  return { state: next, value: mixed >>> 0 };
}

function rotateLeft32(value: number, shift: number): number {
  return (value << shift) | (value >>> (32 - shift));
}

/** A reproducible stream of samples: the same seed gives the same sequence on every machine. */
export class SeededRandom {
  private readonly words = new Uint32Array(4);
  private spareNormal: number | null = null;

  constructor(seed: number) {
    // Both halves of a seed up to 2^53 take part, so seeds 1 and 2^32 + 1 differ.
    let mixerState = (Math.floor(seed) >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x632be5ab);
    for (let index = 0; index < 4; index++) {
      const step = splitMix32Step(mixerState);
      mixerState = step.state;
      this.words[index] = step.value;
    }
  }

  /** xoshiro128** (Blackman & Vigna): the next 32 random bits as an unsigned integer. */
  private nextUint32(): number {
    const words = this.words;
    const result = Math.imul(rotateLeft32(Math.imul(words[1], 5), 7), 9) >>> 0;
    const shifted = words[1] << 9;
    words[2] ^= words[0];
    words[3] ^= words[1];
    words[1] ^= words[2];
    words[0] ^= words[3];
    words[2] ^= shifted;
    words[3] = rotateLeft32(words[3], 11);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits (26 + 27 from two draws). */
  uniform(): number {
    const high26 = this.nextUint32() >>> 6;
    const low27 = this.nextUint32() >>> 5;
    return (high26 * 2 ** 27 + low27) / TWO_POW_53;
  }

  /** Standard normal N(0, 1) by the Box–Muller transform; the sine half of each pair is kept for the next call. */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    const uniformOpenAtZero = 1 - this.uniform(); // in (0, 1], so the logarithm is finite
    const radius = Math.sqrt(-2 * Math.log(uniformOpenAtZero));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}
