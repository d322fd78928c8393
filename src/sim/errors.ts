/**
 * An AWS error as the simulator raises it. The server turns it into the wire shape of the
 * protocol that was spoken, so the SDK raises the same exception class as against AWS.
 */
export class SimError extends Error {
  constructor(
    /** The error code AWS sends (`ResourceNotFoundException`, `InvalidParameterValue`, ...). */
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: { retryAfterSeconds?: number; reason?: string; type?: 'User' | 'Service' } = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** A seedable PRNG (mulberry32): routing and faults must replay identically in tests. */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
