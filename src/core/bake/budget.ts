// One false-rollback budget for the whole bake. `significance` is the chance that a version
// as good as its baseline fails the bake, over every check and every look. Each check that
// can fail on chance spends from it: the split below is fixed before any data is seen, so
// the union bound holds (the chance that any check fails falsely is at most the sum of
// their shares), and it is written into each check of the decision log.
import type { BakeConfig } from './config.js';

export type BudgetedCheck =
  'error-rate' | 'duration-p99' | 'throttle-rate' | 'traffic-share' | 'traffic';

/**
 * Relative weights. Errors are what users see break, and the test with the most evidence
 * (every call), so it gets half; latency the next largest; throttles (usually capacity,
 * not code), the silent-canary share and the alias collapse (large effects that need
 * little budget to show) a tenth each.
 */
export const BUDGET_WEIGHTS: Readonly<Record<BudgetedCheck, number>> = {
  'error-rate': 0.5,
  'duration-p99': 0.2,
  'throttle-rate': 0.1,
  'traffic-share': 0.1,
  traffic: 0.1,
};

/** A check's part of the budget: `share` of significance, `alpha` = share · significance. */
export interface CheckBudget {
  share: number;
  alpha: number;
}

/**
 * The split for a bake: the checks switched off in `metrics` (and traffic-share when it
 * cannot run: no split alias with a known weight) give their weight back to the others, so
 * the checks that run spend all of `significance` between them. Depends on the config and
 * on testsTrafficShare only, both fixed before the first look.
 */
export function budgetSplit(
  config: BakeConfig,
  trafficShare: boolean,
): Partial<Record<BudgetedCheck, CheckBudget>> {
  const on: BudgetedCheck[] = [
    ...config.rules.map((r) => r.name),
    ...(trafficShare ? (['traffic-share'] as const) : []),
    'traffic',
  ];
  const total = on.reduce((s, c) => s + BUDGET_WEIGHTS[c], 0);
  const split: Partial<Record<BudgetedCheck, CheckBudget>> = {};
  for (const c of on) {
    const share = BUDGET_WEIGHTS[c] / total;
    split[c] = { share, alpha: share * config.significance };
  }
  return split;
}

/**
 * The minimum effect a history baseline adds (baselineSource 'before': the alias is fully
 * on the new version, the old one is judged from its metrics before the deployment). Then
 * nothing measures the old version in the same periods, and a drift everyone shares (a
 * dependency's errors going from 1% to 1.2%, a slower database at peak hour) looks exactly
 * like a regression. No test can tell the two apart from these data, so the remedy is to
 * not claim to: with a history baseline the rate and latency tests fail only when the new
 * version is worse by more than (1 + tolerance) · (1 + HISTORY_DRIFT) times the history.
 * A shared drift up to 25% is then inside the null hypothesis, and failing a good version
 * on it stays within the budget. A baseline that tracks the recent past cannot be had: the
 * old version serves nothing during the bake. The cost is power: a regression under 25%
 * against a history baseline passes; a split alias (concurrent baseline) has no such margin.
 */
export const HISTORY_DRIFT = 0.25;

/** The ratio a rate test's null allows: (1 + tolerance), widened for a history baseline. */
export function nullRatio(tolerance: number, baselineSource: 'concurrent' | 'before'): number {
  return (1 + tolerance) * (baselineSource === 'before' ? 1 + HISTORY_DRIFT : 1);
}
