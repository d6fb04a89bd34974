/**
 * The linear congruential generator of `java.util.Random` (48-bit state, multiplier 0x5DEECE66D,
 * addend 0xB), which Flink's RAND(seed) / RAND_INTEGER(seed, bound) use: `new Random(seed)`
 * then `nextDouble()` / `nextInt(bound)`. The same seed gives the values Confluent documents
 * (RAND(42) = 0.7275636800328681, RAND_INTEGER(23, 1000) = 227).
 *
 * @example
 * ```ts
 * const r = new JavaRandom(42);
 * r.nextDouble(); // 0.7275636800328681
 * new JavaRandom(42).nextInt(10000); // 1130
 * ```
 */
const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

export class JavaRandom {
  #seed: bigint;

  /** `seed` is a Java long (a JS number or bigint). */
  constructor(seed: number | bigint) {
    this.#seed = (BigInt.asIntN(64, BigInt(seed)) ^ MULTIPLIER) & MASK;
  }

  /** Random.next(bits): the top `bits` bits of the next state, as a signed 32-bit int. */
  #next(bits: number): number {
    this.#seed = (this.#seed * MULTIPLIER + ADDEND) & MASK;
    return Number(BigInt.asIntN(32, this.#seed >> BigInt(48 - bits)));
  }

  /** Random.nextDouble(): 53 random bits in [0, 1). */
  nextDouble(): number {
    const hi = BigInt(this.#next(26));
    const lo = BigInt(this.#next(27));
    return Number((hi << 27n) + lo) * 2 ** -53;
  }

  /** Random.nextInt(bound) for bound > 0 (Java's rejection loop for non-powers of two). */
  nextInt(bound: number): number {
    if (!(bound > 0)) throw new RangeError("bound must be positive");
    if ((bound & -bound) === bound) return Number((BigInt(bound) * BigInt(this.#next(31))) >> 31n);
    for (;;) {
      const bits = this.#next(31);
      const val = bits % bound;
      if (bits - val + (bound - 1) <= 0x7fffffff) return val;
    }
  }
}
