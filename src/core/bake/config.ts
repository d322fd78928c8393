// The bake's settings and the grammar of its own inputs. Shared grammar (durations,
// percents, choices) comes from core/inputs.ts; what is specific to judging a version
// lives here, so shift-traffic can build the same config to guard its canary steps.
import { InputError } from '../input-error.js';
import { parseDuration, parsePercent } from '../inputs.js';

export type MetricName = 'error-rate' | 'throttle-rate' | 'duration-p99';
export const METRIC_NAMES: readonly MetricName[] = ['error-rate', 'throttle-rate', 'duration-p99'];

export interface MetricRule {
  name: MetricName;
  /**
   * How much worse than the baseline the new version may be, as a fraction (0.2 = 20%).
   * The minimum effect of the test: for the rate metrics on the rate; for duration-p99 on
   * the share of calls slower than the baseline's p99 (+20%: fail only when significantly
   * more than 1.2 times the baseline's share of calls, about 1.2% against 1%, are slower).
   */
  tolerance: number;
}

export const DEFAULT_METRICS = 'error-rate +0%\nduration-p99 +20%\nthrottle-rate +0%';

export type OnInconclusive = 'fail' | 'pass' | 'extend';
export const ON_INCONCLUSIVE: readonly OnInconclusive[] = ['extend', 'fail', 'pass'];

export interface BakeConfig {
  bakeTimeMs: number;
  maxBakeTimeMs: number;
  /** Metric period, seconds: 1, 5, 10, 20, 30 (high resolution) or a multiple of 60. */
  periodS: number;
  minInvocations: number;
  /** The false-rollback budget of the whole bake, split between its checks (budget.ts). */
  significance: number;
  rules: MetricRule[];
  /** Fraction below the pre-deployment alias traffic that counts as a collapse. */
  trafficDrop: number;
  onInconclusive: OnInconclusive;
}

/**
 * A period's p99 from fewer requests is too noisy to set the latency threshold from (it is
 * the slowest call): only periods before the deployment with this many calls on the
 * baseline count.
 */
export const LATENCY_MIN_SAMPLES = 100;
/** Periods of alias traffic a collapse is judged over. */
export const TRAFFIC_PERIODS = 3;
/**
 * The traffic-share check fails a version that serves significantly less than this
 * fraction of the weight it is routed (half: under 5% of the calls at a 10% weight). Routing
 * is per request and random, so a share somewhat below the weight is noise; one far below it
 * is a version that fails before Lambda counts the call, or is not reached at all.
 */
export const TRAFFIC_SHARE_FLOOR = 0.5;

/**
 * How long a bake waits past its deadline (max-bake-time) for metrics CloudWatch has not
 * published yet, before it ends in Error. AWS/Lambda data lands 1-3 minutes late and
 * CloudWatch has had incidents with longer delays: 15 minutes rides out five times the usual
 * delay, while a bake held longer would keep the deployment waiting on evidence that may not
 * come. At least 3 periods, so a long period still gets its data. Below a minute (the
 * simulator's periods; AWS/Lambda publishes per minute) time runs in periods: 15 of them.
 */
export const LATE_METRICS_WAIT_MS = 15 * 60_000;
export const LATE_METRICS_WAIT_PERIODS = 15;

export function lateMetricsWaitMs(periodS: number): number {
  return periodS < 60
    ? LATE_METRICS_WAIT_PERIODS * periodS * 1000
    : Math.max(LATE_METRICS_WAIT_MS, 3 * periodS * 1000);
}

const HIGH_RESOLUTION_S = [1, 5, 10, 20, 30];

/** Defaults of bake-and-watch's inputs that shift-traffic's evidence guard uses as they are. */
export const DEFAULT_MIN_INVOCATIONS = 100;
export const DEFAULT_TRAFFIC_DROP = 0.9;

/** GetMetricData returns at most this many datapoints per call; one poll is one call. */
export const MAX_DATAPOINTS = 100_800;
/**
 * Queries per poll (one GetMetricData call): five per version (Invocations, Errors,
 * Throttles, p99 Duration and the count of calls slower than the latency threshold), two
 * versions, and the alias's Invocations.
 */
export const QUERIES_PER_POLL = 11;

/** The per-version series beyond Invocations, each for the check that reads it. */
export type VersionSeries = 'errors' | 'throttles' | 'p99';

/**
 * The series the checks in `metrics` read (error-rate, throttle-rate, duration-p99): only
 * those are asked of GetMetricData, which bills per metric requested. 'p99' also asks for
 * the slow-call counts (TC) once a threshold is set. QUERIES_PER_POLL stays the most a poll
 * asks for, all checks on.
 */
export function seriesFor(rules: readonly { name: string }[]): VersionSeries[] {
  const needs: Record<string, VersionSeries> = {
    'error-rate': 'errors',
    'throttle-rate': 'throttles',
    'duration-p99': 'p99',
  };
  return rules.flatMap((r) => (needs[r.name] ? [needs[r.name]] : []));
}

/** `period` as given: a duration that is a CloudWatch period. Returns seconds. */
export function parsePeriod(input: string, raw: string): number {
  return checkPeriod(input, raw, parseDuration(input, raw));
}

/** `significance`: the false-rollback budget, above 0% and at most 20%. */
/** How far alias traffic may fall below its usual rate before the bake fails: (0%, 100%). */
export function parseTrafficDrop(input: string, raw: string): number {
  const drop = parsePercent(input, raw);
  if (drop <= 0 || drop >= 1)
    throw new InputError(input, raw, 'a percentage above 0% and below 100%, such as 90%');
  return drop;
}

export function parseSignificance(input: string, raw: string): number {
  const significance = parsePercent(input, raw);
  if (significance <= 0 || significance > 0.2) {
    throw new InputError(
      input,
      raw,
      'a false-rollback budget above 0% and at most 20%, such as 1%',
    );
  }
  return significance;
}

/**
 * Datapoints one poll reads at most: the window before the deployment (the usual traffic)
 * and the longest watch, for every query. Must stay under MAX_DATAPOINTS.
 */
export function pollDatapoints(periodS: number, beforeWindowMs: number, watchMs: number): number {
  return QUERIES_PER_POLL * Math.ceil((beforeWindowMs + watchMs) / (periodS * 1000) + 2);
}

/** The name CloudWatch uses in the FunctionName dimension: an ARN's function part. */
export function metricFunctionName(functionName: string): string {
  return functionName.includes(':function:')
    ? functionName.split(':function:')[1].split(':')[0]
    : functionName;
}

/**
 * The longest period: each look judges complete periods only, so a day-long period already
 * gives a job of at most 5 days (MAX_WAIT_MS) no more than five looks; a longer one is a typo.
 */
export const MAX_PERIOD_S = 86_400;

/** `period`: a CloudWatch period, 1s/5s/10s/20s/30s or a multiple of 60s, at most 1 day. */
export function checkPeriod(input: string, raw: string, ms: number): number {
  const s = ms / 1000;
  const cloudWatch =
    Number.isInteger(s) && (HIGH_RESOLUTION_S.includes(s) || (s > 0 && s % 60 === 0));
  if (!cloudWatch || s > MAX_PERIOD_S) {
    throw new InputError(
      input,
      raw,
      'a CloudWatch period: 1s, 5s, 10s, 20s, 30s or a multiple of 60s, at most 1d',
    );
  }
  return s;
}

/**
 * `metrics`: one comparison per line, `<name> +<tolerance>%`, e.g. `duration-p99 +20%`.
 * The sign is the direction that is worse; for these metrics only higher is worse, so a
 * `-` is refused rather than silently ignored.
 */
export function parseMetricRules(input: string, raw: string): MetricRule[] {
  const form = `one comparison per line such as 'duration-p99 +20%', names among ${METRIC_NAMES.join(', ')}, each listed once`;
  const rules: MetricRule[] = [];
  for (const line of raw
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = /^([a-z0-9-]+)\s+([+-])\s*(\d+(?:\.\d+)?)\s*%$/.exec(line);
    if (!m || !METRIC_NAMES.includes(m[1] as MetricName)) throw new InputError(input, line, form);
    if (m[2] === '-') {
      throw new InputError(input, line, `'+<tolerance>%': a higher ${m[1]} is what is worse`);
    }
    const name = m[1] as MetricName;
    if (rules.some((r) => r.name === name)) throw new InputError(input, line, form);
    rules.push({ name, tolerance: Number(m[3]) / 100 });
  }
  if (rules.length === 0) throw new InputError(input, raw, form);
  return rules;
}

/** Whole-config checks that need more than one input. */
export function checkBakeConfig(
  config: BakeConfig,
  raw: { maxBakeTime: string; period: string; pollInterval?: string; pollIntervalMs?: number },
): void {
  if (config.maxBakeTimeMs < config.bakeTimeMs) {
    throw new InputError(
      'max-bake-time',
      raw.maxBakeTime,
      'a duration at least as long as bake-time',
    );
  }
  if (config.bakeTimeMs < config.periodS * 1000) {
    throw new InputError('period', raw.period, 'a period no longer than bake-time');
  }
  if (raw.pollIntervalMs !== undefined && raw.pollIntervalMs > config.periodS * 1000) {
    throw new InputError(
      'poll-interval',
      raw.pollInterval ?? '',
      'an interval no longer than period (each period should be looked at)',
    );
  }
}

/**
 * The traffic-share test runs when both versions serve the same periods (a split alias) and
 * the weight the new version is routed is known. Fixed for a bake: it decides how the
 * significance budget is split (budget.ts).
 */
export function testsTrafficShare(input: {
  baselineSource: 'concurrent' | 'before';
  routedWeight?: unknown;
}): boolean {
  return input.baselineSource === 'concurrent' && input.routedWeight !== undefined;
}
