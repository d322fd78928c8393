// What CloudWatch allows and how the Lambda metrics are named: the limits a look must fit
// (datapoints per call, periods) and the queries it makes. Facts of the service, not choices.

/** CloudWatch's high-resolution periods, in seconds; any other is a multiple of 60 s. */
export const HIGH_RESOLUTION_S = [1, 5, 10, 20, 30];

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
