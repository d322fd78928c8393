import type { SimClock } from './clock.js';
import { makeRandom, SimError } from './errors.js';
import type { LambdaState } from './lambda.js';
import type { FunctionRecord } from './lambda-records.js';
import { drawOutcome, type Outcome } from './lambda-model.js';
import type { Dimension, MetricsStore } from './metrics-store.js';

export interface InvocationResult extends Outcome {
  executedVersion: string;
}

export interface TrafficSpec {
  functionName: string;
  /** Alias or version to call; omitted calls the unqualified function. */
  qualifier?: string;
  ratePerSecond: number;
  /** Seeds this generator's routing and outcomes, so a run replays exactly. */
  seed?: number;
}

export interface TrafficStats {
  id: number;
  spec: TrafficSpec;
  invocations: number;
  byVersion: Record<string, { invocations: number; errors: number; throttles: number }>;
  lastError?: string;
}

/**
 * Runs invocations against the model and publishes what Lambda would: AWS/Lambda
 * Invocations, Errors, Throttles and Duration under {FunctionName},
 * {FunctionName, Resource} and, for alias calls, {FunctionName, Resource, ExecutedVersion}.
 */
export class Invoker {
  /** Seconds per metric bucket: 60 like AWS, or 1 for a demo that moves in seconds. */
  resolutionSeconds: number;

  constructor(
    private lambda: LambdaState,
    private store: MetricsStore,
    resolutionSeconds: number,
  ) {
    this.resolutionSeconds = resolutionSeconds;
  }

  invoke(
    functionName: string,
    qualifier: string | undefined,
    t: number,
    random: () => number,
  ): InvocationResult {
    const { fn, qualifier: q } = this.lambda.parseName(functionName);
    const qual = qualifier ?? q;
    const alias = qual ? fn.aliases.get(qual) : undefined;
    const executedVersion = alias
      ? route(alias.FunctionVersion, alias.weights, random)
      : (qual ?? '$LATEST');
    const record = this.lambda.resolveVersion(fn, executedVersion);
    const outcome = drawOutcome(record.model, random);
    this.publish(fn, qual, alias ? executedVersion : undefined, outcome, t);
    return { ...outcome, executedVersion };
  }

  private publish(
    fn: FunctionRecord,
    qualifier: string | undefined,
    executedVersion: string | undefined,
    o: Outcome,
    t: number,
  ): void {
    const sets: Dimension[][] = [[{ Name: 'FunctionName', Value: fn.name }]];
    if (qualifier && qualifier !== '$LATEST') {
      const resource = { Name: 'Resource', Value: `${fn.name}:${qualifier}` };
      sets.push([sets[0]![0]!, resource]);
      if (executedVersion)
        sets.push([sets[0]![0]!, resource, { Name: 'ExecutedVersion', Value: executedVersion }]);
    }
    const res = this.resolutionSeconds;
    for (const dimensions of sets) {
      const put = (metricName: string, value: number, unit: string): void =>
        this.store.record({ namespace: 'AWS/Lambda', metricName, dimensions }, t, value, res, unit);
      put('Throttles', o.throttled ? 1 : 0, 'Count');
      if (o.throttled) continue;
      put('Invocations', 1, 'Count');
      put('Errors', o.error ? 1 : 0, 'Count');
      put('Duration', o.durationMs, 'Milliseconds');
    }
  }
}

/** Per request and random, as Lambda routes: the canary's share is noisy at low rates. */
export function route(
  primary: string,
  weights: Record<string, number>,
  random: () => number,
): string {
  const entry = Object.entries(weights)[0];
  if (!entry) return primary;
  return random() < entry[1] ? entry[0] : primary;
}

export class Traffic {
  private running = new Map<number, { stats: TrafficStats; cancel: () => void }>();
  private nextId = 1;

  constructor(
    private invoker: Invoker,
    private clock: SimClock,
    private tickMs = 1000,
  ) {}

  start(spec: TrafficSpec): TrafficStats {
    if (!(spec.ratePerSecond > 0))
      throw new SimError('InvalidParameterValue', 400, 'ratePerSecond must be > 0');
    const random = makeRandom(spec.seed ?? 1);
    const stats: TrafficStats = {
      id: this.nextId++,
      spec: { ...spec },
      invocations: 0,
      byVersion: {},
    };
    let owed = 0;
    let last = this.clock.now();
    const cancel = this.clock.every(this.tickMs, () => {
      const now = this.clock.now();
      const span = now - last;
      owed += (spec.ratePerSecond * span) / 1000;
      const n = Math.floor(owed);
      owed -= n;
      // A deleted function or alias must not take the clock down with it.
      try {
        this.burst(spec, stats, random, last, span, n);
      } catch (e) {
        stats.lastError = String(e);
      } finally {
        last = now;
      }
    });
    this.running.set(stats.id, { stats, cancel });
    return stats;
  }

  private burst(
    spec: TrafficSpec,
    stats: TrafficStats,
    random: () => number,
    last: number,
    span: number,
    n: number,
  ): void {
    for (let i = 0; i < n; i++) {
      // Spread the tick's calls over its span so sub-tick metric buckets fill evenly.
      const t = last + Math.floor(((i + 0.5) * span) / n);
      const r = this.invoker.invoke(spec.functionName, spec.qualifier, t, random);
      const v = (stats.byVersion[r.executedVersion] ??= {
        invocations: 0,
        errors: 0,
        throttles: 0,
      });
      stats.invocations++;
      if (r.throttled) v.throttles++;
      else v.invocations++;
      if (r.error) v.errors++;
    }
  }

  stop(id?: number): void {
    for (const [k, r] of this.running) {
      if (id === undefined || id === k) {
        r.cancel();
        this.running.delete(k);
      }
    }
  }

  list(): TrafficStats[] {
    return [...this.running.values()].map((r) => r.stats);
  }
}
