// Detection bench (issue 13): seeded bakes judged by the code the action runs (runBake,
// judge, and the CloudWatch adapter's readBakeMetrics against a fake GetMetricData), with
// bake-and-watch's action.yml defaults, request-level traffic, bakes starting at random
// points within the minute and each minute published 1-3 minutes late (detection-world.ts).
// Beside each row, the rule most users configure: an alarm on alias-wide Errors >= 1 in a
// minute, over the 10-minute bake. Every rate comes with its exact 95% (Clopper-Pearson)
// interval. Figures are printed, not asserted. DETECTION_BAKES lowers the count for a quick
// run (DETECTION_ONLY picks scenarios by name); the README's figures come from the full count.
import { readBakeMetrics } from '../../src/adapters/cloudwatch-metrics.js';
import { type BakeConfig, DEFAULT_METRICS, parseMetricRules } from '../../src/core/bake/config.js';
import { seriesFor } from '../../src/core/bake/metric-limits.js';
import { runBake } from '../../src/core/bake/loop.js';
import { ManualClock } from '../../src/core/clock.js';
import { compareRates } from '../../src/core/stats/binomial.js';
import { fakeCloudWatch, PERIOD_MS, type Scenario, world, type World } from './detection-world.js';
import { pct, printTable } from './table.js';

const NULL_BAKES = Number(process.env.DETECTION_BAKES ?? 4000);
const OTHER_BAKES = Math.min(NULL_BAKES, 1000);
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

/** bake-and-watch's action.yml defaults. */
const CONFIG: BakeConfig = {
  bakeTimeMs: 10 * 60_000,
  maxBakeTimeMs: 30 * 60_000,
  periodS: 60,
  minInvocations: 100,
  significance: 0.01,
  rules: parseMetricRules('metrics', DEFAULT_METRICS),
  trafficDrop: 0.9,
  onInconclusive: 'extend',
};
const POLL_MS = 10_000;
/** Minutes of world per bake: max-bake-time, the 15-minute wait for late metrics, slack. */
const WORLD_MINUTES = 48;

const canary = { rate: 20, weight: 0.1, errorBefore: 0.01, errorBase: 0.01, errorNew: 0.01 };
const whole = { ...canary, weight: 1 };
const drift = { errorBase: 0.012, errorNew: 0.012 };
const SCENARIOS: (Scenario & { bakes: number })[] = [
  { name: 'good, 10% weight', ...canary, good: true, bakes: NULL_BAKES },
  {
    name: 'good, 10% weight, shared drift 1%->1.2%',
    ...canary,
    ...drift,
    good: true,
    bakes: NULL_BAKES,
  },
  { name: 'good, 100% weight, history baseline', ...whole, good: true, bakes: NULL_BAKES },
  {
    name: 'good, 100%, history, shared drift 1%->1.2%',
    ...whole,
    ...drift,
    good: true,
    bakes: NULL_BAKES,
  },
  { name: 'errors 1% -> 3%', ...canary, errorNew: 0.03, good: false, bakes: NULL_BAKES },
  {
    name: 'errors 0% -> 0.5%',
    ...canary,
    errorBefore: 0,
    errorBase: 0,
    errorNew: 0.005,
    good: false,
    bakes: OTHER_BAKES,
  },
  { name: 'errors 1% -> 2%', ...canary, errorNew: 0.02, good: false, bakes: OTHER_BAKES },
  { name: 'p99 +50%', ...canary, latencyNew: 1.5, good: false, bakes: OTHER_BAKES },
  {
    name: 'silent canary from minute 3',
    ...canary,
    silentFromMin: 3,
    good: false,
    bakes: OTHER_BAKES,
  },
  {
    name: 'alias collapse to 2% from minute 3',
    ...canary,
    collapse: { fromMin: 3, factor: 0.02 },
    good: false,
    bakes: OTHER_BAKES,
  },
  {
    name: 'good, 6-min CloudWatch outage',
    ...canary,
    outage: { fromMin: 3, minutes: 6 },
    good: true,
    bakes: OTHER_BAKES,
  },
  { name: 'good, 1 req/s function', ...canary, rate: 1, good: true, bakes: OTHER_BAKES },
];

interface Bake {
  verdict: string;
  check?: string;
  atMs: number;
  /**
   * Failed by the time the data of bake-time (its 10 periods) was published: at or before
   * the first look that covered it. That look may see a period more, when two land at once.
   */
  failedBy10m: boolean;
}

async function bake(w: World, s: Scenario): Promise<Bake> {
  const clock = new ManualClock(w.bakeStart);
  const client = fakeCloudWatch(w, () => clock.now());
  const target = {
    functionName: 'fn',
    alias: 'live',
    version: '2',
    previousVersion: '1',
    periodS: 60,
    series: seriesFor(CONFIG.rules),
  };
  const neededMs =
    Math.floor((w.bakeStart + CONFIG.bakeTimeMs) / PERIOD_MS) * PERIOD_MS - w.bakeStart;
  let coveredAt: number | undefined;
  const out = await runBake({
    config: CONFIG,
    version: '2',
    previousVersion: '1',
    bakeStart: w.bakeStart,
    deployStart: w.bakeStart,
    baselineSource: s.weight < 1 ? 'concurrent' : 'before',
    ...(s.weight < 1 ? { routedWeight: { weight: s.weight, since: w.bakeStart } } : {}),
    pollIntervalMs: POLL_MS,
    clock,
    ports: { readMetrics: (window) => readBakeMetrics(client, target, window) },
    onPoll: (poll, j) => {
      if (coveredAt === undefined && j && j.coveredMs >= neededMs) coveredAt = poll.elapsedMs;
    },
  });
  const failed = out.judgement?.checks.find((c) => c.outcome === 'fail');
  return {
    verdict: out.verdict,
    ...(failed ? { check: failed.check } : {}),
    atMs: out.elapsedMs,
    failedBy10m: out.verdict === 'fail' && (coveredAt === undefined || out.elapsedMs <= coveredAt),
  };
}

/** The bake's first 10 periods: what bake-time covers, and the fixed-sample test's data. */
function planned(w: World) {
  const from = Math.floor(w.bakeStart / PERIOD_MS) * PERIOD_MS;
  return w.periods.filter((p) => p.start >= from).slice(0, CONFIG.bakeTimeMs / PERIOD_MS);
}

/** The usual rule: alias-wide Errors (Sum, 1 minute) >= 1, over the 10-minute bake. */
function aliasAlarm(w: World): { fired: boolean; atMs: number } {
  const p = planned(w).find((x) => x.v.errors + x.b.errors >= 1);
  return p ? { fired: true, atMs: p.publishedAt - w.bakeStart } : { fired: false, atMs: 0 };
}

/** The exact one-sided p-value of the error counts over bake-time: a fixed-sample test. */
function fixedPValue(w: World): number {
  const ps = planned(w);
  const sum = (f: (p: (typeof ps)[0]) => number): number => ps.reduce((a, p) => a + f(p), 0);
  return compareRates({
    xNew: sum((p) => p.v.errors),
    nNew: sum((p) => p.v.n),
    xBase: sum((p) => p.b.errors),
    nBase: sum((p) => p.b.n),
    ratio: 1,
  }).pValue;
}

const minutes = (xs: number[]): string => {
  if (!xs.length) return '-';
  const s = [...xs].sort((a, b) => a - b);
  return `${(s[Math.floor(s.length / 2)] / 60_000).toFixed(1)} min`;
};

export default async function detectionBench(): Promise<void> {
  const started = Date.now();
  console.log(
    `bake-and-watch defaults (bake-time 10m, max-bake-time 30m, period 60s, poll-interval 10s, min-invocations 100, significance 1%, metrics as action.yml); ${NULL_BAKES} bakes per null scenario and for 1% -> 3%, ${OTHER_BAKES} for the others. Rates with exact 95% intervals.\n`,
  );
  const rows: string[][] = [];
  const pValues: Partial<Record<string, number[]>> = {};
  let nullFails = 0;
  let nullBakes = 0;
  const nullBy: Record<string, number> = {};
  let power10 = 0;
  let powerBakes = 0;
  for (const [i, s] of SCENARIOS.entries()) {
    if (!s.name.includes(process.env.DETECTION_ONLY ?? '')) continue;
    const t = Date.now();
    const tally = { fail: 0, pass: 0, inconclusive: 0, error: 0, by10: 0, alarm: 0 };
    const by: Record<string, number> = {};
    const times: number[] = [];
    const alarmTimes: number[] = [];
    pValues[s.name] = [];
    for (let seed = 1; seed <= s.bakes; seed++) {
      const w = world(s, seed * 7919 + i * 1_000_003, T0 + seed * 3_600_000, WORLD_MINUTES);
      const b = await bake(w, s);
      tally[b.verdict as keyof typeof tally]++;
      if (b.verdict === 'fail') {
        by[b.check ?? '?'] = (by[b.check ?? '?'] ?? 0) + 1;
        times.push(b.atMs);
        if (b.failedBy10m) tally.by10++;
      }
      const a = aliasAlarm(w);
      if (a.fired) {
        tally.alarm++;
        alarmTimes.push(a.atMs);
      }
      if (i === 0 || i === 4) pValues[s.name]!.push(fixedPValue(w));
    }
    if (i === 0) {
      nullFails = tally.fail;
      nullBakes = s.bakes;
      Object.assign(nullBy, by);
    }
    if (i === 4) {
      power10 = tally.by10;
      powerBakes = s.bakes;
    }
    const n = s.bakes;
    rows.push([
      s.name,
      s.good ? 'false rollback' : 'detection',
      String(n),
      pct(tally.fail, n),
      s.good ? '-' : pct(tally.by10, n),
      minutes(times),
      Object.entries(by)
        .map(([k, c]) => `${k} ${c}`)
        .join(', ') || '-',
      pct(tally.pass, n),
      pct(tally.inconclusive, n),
      pct(tally.error, n),
      pct(tally.alarm, n),
      minutes(alarmTimes),
    ]);
    console.error(`  ${s.name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  printTable(
    [
      'scenario',
      'measure',
      'bakes',
      'fail',
      'fail by 10m published',
      'median time to fail',
      'failed by',
      'pass',
      'inconclusive',
      'error',
      'alias Errors>=1 alarm',
      'alarm median time',
    ],
    rows,
  );
  if (pValues[SCENARIOS[0].name] && pValues[SCENARIOS[4].name])
    fixedSampleComparison(pValues, nullFails, nullBakes, nullBy, power10, powerBakes);
  console.log(
    `\n${SCENARIOS.reduce((a, s) => a + s.bakes, 0)} bakes in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  );
}

/**
 * The ceiling: the exact error-rate test once, on the 10 minutes of data, at the level that
 * gives it the false-rollback rate the whole bake-and-watch verdict measured (every check,
 * every look) on the same good worlds. Its power on the 1% -> 3% worlds is the most a test
 * spending that much on error rate alone, looking once, could have.
 */
function fixedSampleComparison(
  pValues: Partial<Record<string, number[]>>,
  nullFails: number,
  nullBakes: number,
  nullBy: Record<string, number>,
  power10: number,
  powerBakes: number,
): void {
  const good = [...pValues[SCENARIOS[0].name]!].sort((a, b) => a - b);
  const bad = pValues[SCENARIOS[4].name]!;
  // The level that rejects exactly as many good worlds as bake-and-watch failed.
  const level = nullFails > 0 ? good[nullFails - 1] : 0;
  const fixedPower = bad.filter((p) => p <= level).length;
  const at1 = good.filter((p) => p <= 0.01).length;
  const power1 = bad.filter((p) => p <= 0.01).length;
  const ratio = power10 / powerBakes / (fixedPower / bad.length);
  console.log(
    `\n1% -> 3% at 10% weight, 20 req/s, by the time 10 minutes of the bake are published:` +
      `\n  bake-and-watch (every check, every look): power ${pct(power10, powerBakes)}, false rollbacks ${pct(nullFails, nullBakes)}` +
      `\n  fixed-sample exact error-rate test at the same false-rollback rate (nominal level ${level.toPrecision(3)}): power ${pct(fixedPower, bad.length)}` +
      `\n  ratio ${ratio.toFixed(3)} (target >= 0.97)` +
      `\n  fixed-sample test at nominal 1%: false rollbacks ${pct(at1, good.length)}, power ${pct(power1, bad.length)}` +
      `\n  where the false rollbacks of the good 10%-weight bakes came from: ${
        Object.entries(nullBy)
          .map(([k, c]) => `${k} ${c}`)
          .join(', ') || 'none'
      } (budget split: error-rate 50%, duration-p99 20%, throttle-rate, traffic-share and traffic 10% each)`,
  );
}
