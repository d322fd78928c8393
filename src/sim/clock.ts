import { AbortError, type Clock } from '../core/clock.js';

/**
 * The simulator's time source. It implements the suite's `Clock`, so code under test
 * can be handed `sim.clock`: with the virtual clock, its sleeps move simulated time,
 * which runs traffic and alarm evaluation in between, and a 30-minute bake takes
 * milliseconds.
 */
export interface SimClock extends Clock {
  readonly kind: 'wall' | 'virtual';
  /** Runs `fn` every `ms` of clock time until the returned cancel is called or stop(). */
  every(ms: number, fn: () => void | Promise<void>): () => void;
  /** Virtual: moves time forward, running due tasks in order. Wall: waits for real. */
  advance(ms: number): Promise<void>;
  /** Clears every timer, so jest and the CLI exit cleanly. */
  stop(): void;
}

interface Task {
  id: number;
  at: number;
  interval: number;
  fn: () => void | Promise<void>;
}

export class VirtualClock implements SimClock {
  readonly kind = 'virtual' as const;
  private tasks = new Map<number, Task>();
  private nextId = 1;
  // Advances are serialised: two sleepers must not run the same due task twice.
  private queue: Promise<void> = Promise.resolve();

  constructor(private current = Date.UTC(2026, 0, 5, 10, 0, 0)) {}

  now(): number {
    return this.current;
  }

  every(ms: number, fn: () => void | Promise<void>): () => void {
    const id = this.nextId++;
    this.tasks.set(id, { id, at: this.current + ms, interval: Math.max(1, ms), fn });
    return () => void this.tasks.delete(id);
  }

  advance(ms: number): Promise<void> {
    const run = this.queue.then(() => this.runUntil(this.current + Math.max(0, ms)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AbortError(String(signal.reason ?? 'aborted'));
    await this.advance(ms);
    if (signal?.aborted) throw new AbortError(String(signal.reason ?? 'aborted'));
  }

  stop(): void {
    this.tasks.clear();
  }

  private async runUntil(target: number): Promise<void> {
    for (;;) {
      let due: Task | undefined;
      for (const t of this.tasks.values()) {
        if (t.at <= target && (!due || t.at < due.at || (t.at === due.at && t.id < due.id)))
          due = t;
      }
      if (!due) break;
      this.current = Math.max(this.current, due.at);
      due.at += due.interval;
      await due.fn();
    }
    this.current = Math.max(this.current, target);
  }
}

export class WallClock implements SimClock {
  readonly kind = 'wall' as const;
  private timers = new Set<NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  every(ms: number, fn: () => void | Promise<void>): () => void {
    let running = false;
    const timer = setInterval(() => {
      // A slow tick is skipped rather than stacked up behind itself.
      if (running) return;
      running = true;
      void Promise.resolve()
        .then(fn)
        .catch(() => undefined)
        .finally(() => (running = false));
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return () => {
      clearInterval(timer);
      this.timers.delete(timer);
    };
  }

  advance(ms: number): Promise<void> {
    return this.sleep(ms);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortError(String(signal.reason ?? 'aborted')));
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.timers.add(timer);
      const onAbort = (): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        reject(new AbortError(String(signal?.reason ?? 'aborted')));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
