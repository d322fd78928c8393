// The bake's settings and the grammar of its own inputs. Shared grammar (durations,
// percents, choices) comes from core/inputs.ts; what is specific to judging a version
// lives here, so shift-traffic can build the same config to guard its canary steps.
import { InputError } from '../input-error.js';
import { parseDuration, parsePercent } from '../inputs.js';
import { HIGH_RESOLUTION_S, MAX_PERIOD_S } from './metric-limits.js';

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

/** Defaults of bake-and-watch's inputs that shift-traffic's evidence guard uses as they are. */
export const DEFAULT_MIN_INVOCATIONS = 100;
export const DEFAULT_TRAFFIC_DROP = 0.9;

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
