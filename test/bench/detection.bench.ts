// Detection bench: seeded simulated bakes judged by the same core code the action runs
// (runBake + judge on a manual clock), side by side with the rule most users configure
// today: an alarm on alias-wide Errors >= 1 per minute. Targets: false rollbacks <= 1% on
// good versions; detection >= 95% of a 3x error-rate regression (1% -> 3%) at 10% weight
// and 20 requests/s within a 10-minute bake. Counts per period are drawn directly with a
// seeded PRNG (no HTTP), so hundreds of bakes take seconds. Figures are printed, not asserted.
import { type BakeConfig, DEFAULT_METRICS, parseMetricRules } from '../../src/core/bake/config.js';
import { runBake } from '../../src/core/bake/loop.js';
import type {
  MetricsReading,
  PeriodSample,
  VersionPeriod,
  Window,
} from '../../src/core/bake/observations.js';
import { ManualClock } from '../../src/core/clock.js';
import { normalQuantile } from '../../src/core/stats/normal.js';
import { median, printTable } from './table.js';

const BAKES = 500;
const RATE = 20; // requests per second through the alias
const WEIGHT = 0.1;
const PERIOD_S = 60;
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const LATENCY = { median: 20, p99: 60 };

/** mulberry32: small, fast, seedable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exact Binomial(n, p) draw in O(np): jump from success to success by geometric gaps. */
function binomial(n: number, p: number, r: () => number): number {
  if (p <= 0) return 0;
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

function poisson(lambda: number, r: () => number): number {
  if (lambda > 200) return poisson(lambda / 2, r) + poisson(lambda / 2, r);
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = r(); p > limit; p *= r()) k++;
  return k;
}

/**
 * p99 of n log-normal durations (the model's median and p99), drawn exactly without drawing
 * all n: the k-th smallest of n uniforms is reached from the maximum (V^(1/n)) down through
 * the top order statistics (Rényi's representation), then mapped through the quantile.
 */
function p99(n: number, r: () => number): number | undefined {
  if (n === 0) return undefined;
  const k = Math.min(n, Math.ceil(0.99 * n));
  let u = 1;
  for (let m = n; m >= k; m--) u *= Math.pow(1 - r(), 1 / m);
  const sigma = Math.log(LATENCY.p99 / LATENCY.median) / 2.326;
  return LATENCY.median * Math.exp(sigma * normalQuantile(u));
}

function version(n: number, errorRate: number, r: () => number): VersionPeriod {
  return { invocations: n, errors: binomial(n, errorRate, r), throttles: 0, p99: p99(n, r) };
}

interface Scenario {
  name: string;
  baseRate: number;
  newRate: number;
  /** Publishing delay of the metrics, ms. */
  lagMs?: number;
  /** max-bake-time, minutes: room to wait for late metrics. Default: the bake time. */
  maxMinutes?: number;
}

/** One bake's periods, drawn up front: 10 minutes before the deployment, then the bake. */
function world(s: Scenario, seed: number, minutes: number): PeriodSample[] {
  const r = prng(seed);
  const periods: PeriodSample[] = [];
  for (let i = -10; i < minutes; i++) {
    const total = poisson(RATE * PERIOD_S, r);
    const canary = i < 0 ? 0 : binomial(total, WEIGHT, r);
    const v = version(canary, s.newRate, r);
    const b = version(total - canary, s.baseRate, r);
    periods.push({
      start: T0 + i * PERIOD_S * 1000,
      version: v,
      baseline: b,
      aliasInvocations: total,
    });
  }
  return periods;
}

async function actionVerdict(
  periods: PeriodSample[],
  config: BakeConfig,
  lagMs: number,
): Promise<{ verdict: string; atMs: number; check?: string }> {
  const clock = new ManualClock(T0);
  const readMetrics = async (w: Window): Promise<MetricsReading> => ({
    // AWS/Lambda data lands 1-3 minutes late: periods newer than the lag are not there yet.
    periods: periods.filter(
      (p) => p.start >= w.start && p.start + PERIOD_S * 1000 <= w.end - lagMs,
    ),
    partial: false,
    messages: [],
  });
  const out = await runBake({
    config,
    version: '2',
    previousVersion: '1',
    bakeStart: T0,
    deployStart: T0,
    baselineSource: 'concurrent',
    pollIntervalMs: 30_000,
    clock,
    ports: { readMetrics },
  });
  const failed = out.judgement?.checks.find((c) => c.outcome === 'fail');
  return { verdict: out.verdict, atMs: out.elapsedMs, ...(failed ? { check: failed.check } : {}) };
}

/** Today's usual rule: alias-wide Errors (Sum, 1 minute) >= 1 for 1 datapoint. */
function aliasAlarmFires(
  periods: PeriodSample[],
  minutes: number,
): { fired: boolean; atMs: number } {
  const bake = periods.filter((p) => p.start >= T0).slice(0, minutes);
  const i = bake.findIndex((p) => p.version.errors + p.baseline.errors >= 1);
  return { fired: i >= 0, atMs: (i + 1) * PERIOD_S * 1000 };
}

export default async function detectionBench(): Promise<void> {
  const minutes = 10;
  const base: BakeConfig = {
    bakeTimeMs: minutes * 60_000,
    maxBakeTimeMs: minutes * 60_000,
    periodS: PERIOD_S,
    minInvocations: 100,
    significance: 0.01,
    rules: parseMetricRules('metrics', DEFAULT_METRICS),
    trafficDrop: 0.9,
    onInconclusive: 'extend',
  };
  const scenarios: Scenario[] = [
    { name: 'good (1% vs 1%)', baseRate: 0.01, newRate: 0.01 },
    { name: 'bad 3x (3% vs 1%)', baseRate: 0.01, newRate: 0.03 },
    { name: 'bad 5x (5% vs 1%)', baseRate: 0.01, newRate: 0.05 },
    { name: 'good, 2-min lag, max 10m', baseRate: 0.01, newRate: 0.01, lagMs: 120_000 },
    { name: 'bad 3x, 2-min lag, max 10m', baseRate: 0.01, newRate: 0.03, lagMs: 120_000 },
    {
      name: 'good, 2-min lag, max 13m',
      baseRate: 0.01,
      newRate: 0.01,
      lagMs: 120_000,
      maxMinutes: 13,
    },
    {
      name: 'bad 3x, 2-min lag, max 13m',
      baseRate: 0.01,
      newRate: 0.03,
      lagMs: 120_000,
      maxMinutes: 13,
    },
  ];
  const started = Date.now();
  console.log(
    `${BAKES} seeded bakes per row; ${RATE} req/s through the alias, ${WEIGHT * 100}% to the new version, ${minutes}-minute bake, ${PERIOD_S}s periods, default metrics and significance 1%.\n`,
  );
  const rows: (string | number)[][] = [];
  for (const s of scenarios) {
    const ours = {
      fail: 0,
      pass: 0,
      other: 0,
      times: [] as number[],
      by: {} as Record<string, number>,
    };
    const alarm = { fired: 0, times: [] as number[] };
    for (let seed = 1; seed <= BAKES; seed++) {
      const periods = world(s, seed * 7919 + s.newRate * 1e6, s.maxMinutes ?? minutes);
      const config = { ...base, maxBakeTimeMs: (s.maxMinutes ?? minutes) * 60_000 };
      const v = await actionVerdict(periods, config, s.lagMs ?? 0);
      if (v.verdict === 'fail') {
        ours.fail++;
        ours.times.push(v.atMs);
        ours.by[v.check ?? '?'] = (ours.by[v.check ?? '?'] ?? 0) + 1;
      } else if (v.verdict === 'pass') ours.pass++;
      else ours.other++;
      const a = aliasAlarmFires(periods, minutes);
      if (a.fired) {
        alarm.fired++;
        alarm.times.push(a.atMs);
      }
    }
    const pct = (n: number): string => `${((100 * n) / BAKES).toFixed(1)}%`;
    const t = (xs: number[]): string =>
      xs.length ? `${(median(xs) / 60_000).toFixed(1)} min` : '-';
    const good = s.newRate === s.baseRate;
    const by =
      Object.entries(ours.by)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || '-';
    rows.push([
      s.name,
      good ? 'false rollback' : 'detection',
      pct(ours.fail),
      t(ours.times),
      by,
      pct(ours.pass),
      pct(ours.other),
      pct(alarm.fired),
      t(alarm.times),
    ]);
  }
  printTable(
    [
      'scenario',
      'measure',
      'bake-and-watch',
      'median time',
      'failed by',
      'pass',
      'inconclusive/error',
      'alias Errors>=1 alarm',
      'median time',
    ],
    rows,
  );
  console.log(
    `\nTargets: false rollback <= 1% (good row), detection >= 95% (bad 3x row). ${scenarios.length * BAKES} bakes in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
}
