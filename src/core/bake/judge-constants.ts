// The judge's own constants: how much evidence each check needs and how long late data is
// waited for. Fixed by design, not inputs; each says why it has the value it has.

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
