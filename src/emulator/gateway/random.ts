/**
 * Seeded randomness for the gateway: statement uids, request ids and fault dice. Seeded so a
 * test that fixes `seed` sees the same ids and the same faults on every run.
 */

/** A small, fast, seeded PRNG (mulberry32). Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lower-case hex string of `length` digits drawn from `random`. */
export function randomHex(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** An RFC 4122 version-4-shaped UUID drawn from `random`. */
export function randomUuid(random: () => number): string {
  const h = randomHex(random, 32).split("");
  h[12] = "4";
  h[16] = "89ab"[Math.floor(random() * 4)]!;
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
