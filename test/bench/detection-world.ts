// The world a detection-bench bake runs in: request-level traffic through a weighted alias,
// drawn per period where that is exactly the same in distribution (Poisson arrivals split
// at random between versions, each call an error with its version's probability, durations
// independent and log-normal with a heavy-tail mixture), and a CloudWatch that publishes
// each minute late, in order, answering GetMetricData as the adapter asks it. The bench
// calls the real adapter (readBakeMetrics) against it, so missing and unpublished periods
// are handled exactly as in production.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { gammaln } from 'simple-statistics';
import { normalQuantile, normalUpperTail } from '../../src/core/stats/normal.js';
import { makeRandom } from '../../src/sim/errors.js';

export const PERIOD_MS = 60_000;

/** Exact Binomial(n, p) draw in O(np): jump from success to success by geometric gaps. */
export function binomial(n: number, p: number, r: () => number): number {
  if (p <= 0 || n <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, r);
  const lq = Math.log1p(-p);
  let x = 0;
  for (
    let i = Math.floor(Math.log(1 - r()) / lq);
    i < n;
    i += 1 + Math.floor(Math.log(1 - r()) / lq)
  )
    x++;
  return x;
}

/** Exact Poisson draw: multiplication below 10, Hörmann's PTRS (1993; numpy's) above. */
export function poisson(lambda: number, r: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda < 10) {
    const limit = Math.exp(-lambda);
    let k = 0;
    for (let p = r(); p > limit; p *= r()) k++;
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = r() - 0.5;
    const v = r();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
      -lambda + k * loglam - gammaln(k + 1)
    )
      return k;
  }
}

/**
 * Durations: log-normal with median 20 ms and p99 60 ms, and a heavy tail: 3% of calls 4x
 * slower (a cold path, a retried dependency). `scale` multiplies every duration.
 */
const SIGMA = Math.log(3) / normalQuantile(0.99);
const TAIL = { share: 0.03, factor: 4 };
function durationCdf(ms: number, scale: number): number {
  const z = Math.log(ms / (scale * 20)) / SIGMA;
  return (
    (1 - TAIL.share) * (1 - normalUpperTail(z)) +
    TAIL.share * (1 - normalUpperTail(z - Math.log(TAIL.factor) / SIGMA))
  );
}
function durationQuantile(u: number, scale: number): number {
  let lo = Math.log(0.01);
  let hi = Math.log(1e6);
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (durationCdf(Math.exp(mid), scale) < u) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

/** One version in one period: its calls, and what CloudWatch can say of their durations. */
interface Cell {
  n: number;
  errors: number;
  /** The p99 is the k-th smallest duration, at probability u of the distribution. */
  k: number;
  u: number;
  scale: number;
  p99?: number;
  slow: Map<number, number>;
}

function cell(n: number, errorRate: number, scale: number, r: () => number): Cell {
  const k = Math.max(1, Math.ceil(0.99 * n));
  // U_(k) of n uniforms, from the maximum down (Rényi's representation): O(n - k) draws.
  let u = 1;
  for (let m = n; m >= k && n > 0; m--) u *= Math.pow(1 - r(), 1 / m);
  return { n, errors: binomial(n, errorRate, r), k, u, scale, slow: new Map() };
}

/**
 * Calls slower than x, drawn once per threshold and given the period's p99: the k - 1
 * faster calls are independent below it, the n - k slower ones above it, so the count
 * agrees with the p99 the same period published.
 */
function slowCount(c: Cell, x: number, r: () => number): number {
  let s = c.slow.get(x);
  if (s !== undefined) return s;
  const fx = durationCdf(x, c.scale);
  s =
    fx >= c.u
      ? binomial(c.n - c.k, (1 - fx) / (1 - c.u), r)
      : c.n - c.k + 1 + binomial(c.k - 1, (c.u - fx) / c.u, r);
  c.slow.set(x, s);
  return s;
}

export interface Scenario {
  name: string;
  /** Requests per second through the alias. */
  rate: number;
  /** The new version's weight; 1: all of it, the old version judged from its history. */
  weight: number;
  /** Error rates before the deployment (both versions) and during the bake. */
  errorBefore: number;
  errorBase: number;
  errorNew: number;
  /** Multiplies the new version's durations. */
  latencyNew?: number;
  /** From this bake minute the new version's calls are not counted (it fails before them). */
  silentFromMin?: number;
  /** From this bake minute the alias gets this fraction of its traffic. */
  collapse?: { fromMin: number; factor: number };
  /** No datapoint is published in this stretch of bake minutes; all of it lands after. */
  outage?: { fromMin: number; minutes: number };
  good: boolean;
}

export interface World {
  bakeStart: number;
  periods: { start: number; publishedAt: number; alias: number; v: Cell; b: Cell }[];
  r: () => number;
}

/** A bake's world: 30 minutes of history, then the bake to max-bake-time and the late wait. */
export function world(s: Scenario, seed: number, t0: number, minutes: number): World {
  const r = makeRandom(seed);
  const bakeStart = t0 + Math.floor(r() * PERIOD_MS);
  const first = Math.floor(bakeStart / PERIOD_MS) * PERIOD_MS - 31 * PERIOD_MS;
  const periods: World['periods'] = [];
  let published = 0;
  for (let start = first; start < bakeStart + minutes * PERIOD_MS; start += PERIOD_MS) {
    const end = start + PERIOD_MS;
    const minute = (start - bakeStart) / PERIOD_MS;
    // The part of the period after the deployment (the bake starts at it) is routed.
    const after = Math.min(PERIOD_MS, Math.max(0, end - bakeStart)) / PERIOD_MS;
    const factor = s.collapse && minute >= s.collapse.fromMin ? s.collapse.factor : 1;
    const pre = poisson(s.rate * 60 * (1 - after), r);
    const post = poisson(s.rate * 60 * after * factor, r);
    const toNew = binomial(post, s.weight, r);
    const silent = s.silentFromMin !== undefined && minute >= s.silentFromMin;
    const v = cell(
      silent ? 0 : toNew,
      after > 0 ? s.errorNew : s.errorBefore,
      s.latencyNew ?? 1,
      r,
    );
    const b = cell(pre + post - toNew, after > 0 ? s.errorBase : s.errorBefore, 1, r);
    // Each minute lands 1-3 minutes after it ends, never before the one before it.
    let at = Math.max(published, end + PERIOD_MS * (1 + 2 * r()));
    if (s.outage) {
      const from = bakeStart + s.outage.fromMin * PERIOD_MS;
      const to = from + s.outage.minutes * PERIOD_MS;
      if (at >= from && at < to) at = to;
    }
    published = at;
    periods.push({ start, publishedAt: at, alias: pre + post, v, b });
  }
  return { bakeStart, periods, r };
}

interface Query {
  Id?: string;
  MetricStat?: { Stat?: string };
}

/**
 * GetMetricData over the world at `now()`: what is published, per query, the datapoints
 * Lambda sends (none for a version's period without calls).
 */
export function fakeCloudWatch(w: World, now: () => number): CloudWatchClient {
  const send = async (command: {
    input: { MetricDataQueries?: Query[]; StartTime?: Date; EndTime?: Date };
  }) => {
    const { MetricDataQueries = [], StartTime, EndTime } = command.input;
    const from = StartTime!.getTime();
    const to = EndTime!.getTime();
    const t = now();
    const visible = w.periods.filter((p) => p.start >= from && p.start < to && p.publishedAt <= t);
    const results = MetricDataQueries.map((q) => {
      const [side, metric] = (q.Id ?? '').split('_');
      const timestamps: Date[] = [];
      const values: number[] = [];
      for (const p of visible) {
        if (side === 'a') {
          if (p.alias > 0) {
            timestamps.push(new Date(p.start));
            values.push(p.alias);
          }
          continue;
        }
        const c = side === 'v' ? p.v : p.b;
        if (c.n === 0) continue;
        timestamps.push(new Date(p.start));
        if (metric === 'inv') values.push(c.n);
        else if (metric === 'err') values.push(c.errors);
        else if (metric === 'thr') values.push(0);
        else if (metric === 'p99') values.push((c.p99 ??= durationQuantile(c.u, c.scale)));
        else {
          const x = Number(/TC\(([\d.]+):\)/.exec(q.MetricStat?.Stat ?? '')?.[1]);
          values.push(slowCount(c, x, w.r));
        }
      }
      return { Id: q.Id, StatusCode: 'Complete', Timestamps: timestamps, Values: values };
    });
    return { MetricDataResults: results, Messages: [] };
  };
  return { send } as unknown as CloudWatchClient;
}
