/**
 * Time is injected so that a 30-minute plan runs in milliseconds in tests and the
 * simulator's virtual clock can drive an action end to end.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with AbortError as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export class AbortError extends Error {
  constructor(reason = 'aborted') {
    super(reason);
    this.name = 'AbortError';
  }
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortError(String(signal.reason ?? 'aborted')));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new AbortError(String(signal?.reason ?? 'aborted')));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock that only moves when slept on or advanced: every sleep returns at once after
 * moving time forward. For unit tests of loops over long schedules.
 */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 0, 5, 10, 0, 0)) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AbortError(String(signal.reason ?? 'aborted'));
    this.current += Math.max(0, ms);
    await Promise.resolve();
  }
}
