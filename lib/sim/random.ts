/** Deterministic randomness: the same seed and key give the same number, forever. */

/** FNV-1a, 32-bit. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A number in [0, 1) fixed by the seed and the key. */
export function unitRandom(seed: number, key: string): number {
  let t = (hashString(key) ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  // mulberry32 finaliser
  t = (t + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export function hexId(seed: number, key: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += Math.floor(unitRandom(seed, `${key}#${i}`) * 0x10000).toString(16).padStart(4, "0");
  return out.slice(0, length);
}
