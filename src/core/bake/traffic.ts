// The two traffic checks of one look. `traffic` watches the alias as a whole: calls that
// stop arriving (a broken client or route) report no error anywhere. `traffic-share` watches
// the new version's part of a split alias: a version routed 10% that serves far less fails
// before Lambda counts its calls (or is not reached), and the rate tests, which only see
// the calls it counted, would call it healthy. Both judge published periods only: what
// CloudWatch has not published yet is unknown, not a drop.
import { formatPercent } from '../routing.js';
import { binomialLowerTail } from '../stats/binomial.js';
import { poissonLowerTail } from '../stats/poisson.js';
import { evenLevel } from '../stats/spending.js';
import { type Ctx, isoWindow, LEVEL_NAME, levelFor, round } from './checks.js';
import {
  lateMetricsWaitMs,
  TRAFFIC_PERIODS,
  TRAFFIC_SHARE_FLOOR,
  testsTrafficShare,
} from './judge-constants.js';
import type { Check } from './judge.js';
import { alignDown, sumPeriods } from './observations.js';

/**
 * Calls through the alias arrive independently, so the count over the last TRAFFIC_PERIODS
 * periods is Poisson. H0 "the alias still gets at least (1 - traffic-drop) of its usual
 * rate" (the usual: its mean per period before the deployment) against "less"; p = P(X <=
 * seen) at the floor rate. Alias traffic that varies within the generous traffic-drop (by
 * default, a tenth of the usual) is inside H0: the test asks for a collapse, not a dip.
 * Each look judges a window that moves rather than evidence that adds up, so its share of
 * the budget is spent evenly over the evidence time the bake can run (max-bake-time and
 * the wait for late metrics); the union bound over looks holds whatever their overlap.
 */
export function trafficCheck(ctx: Ctx): Check {
  const { input, bake, before } = ctx;
  const { config } = input;
  const p = config.periodS * 1000;
  const budget = ctx.budget.traffic;
  const since = bake.filter((x) => x.start >= alignDown(input.deployStart, config.periodS));
  if (before.length === 0)
    return {
      check: 'traffic',
      outcome: 'skipped',
      budget,
      reason: 'No alias traffic was measured before the deployment.',
    };
  const perPeriod = before.reduce((s, x) => s + x.aliasInvocations, 0) / before.length;
  const expected = perPeriod * TRAFFIC_PERIODS;
  const floor = expected * (1 - config.trafficDrop);
  // Even no call at all is not significant with the whole share: no count could fail.
  if (Math.exp(-floor) > (budget?.alpha ?? 0)) {
    return {
      check: 'traffic',
      outcome: 'skipped',
      baselineValue: round(expected),
      budget,
      reason: `Too little alias traffic before the deployment (${round(expected)} requests per ${TRAFFIC_PERIODS} periods) to tell a drop from chance.`,
    };
  }
  if (since.length < TRAFFIC_PERIODS) {
    return {
      check: 'traffic',
      outcome: 'skipped',
      baselineValue: round(expected),
      budget,
      reason: `CloudWatch has published ${since.length} of the ${TRAFFIC_PERIODS} periods since the deployment that alias traffic is judged over.`,
    };
  }
  const last = since.slice(-TRAFFIC_PERIODS);
  const seen = last.reduce((s, x) => s + x.aliasInvocations, 0);
  const horizonMs = config.maxBakeTimeMs + lateMetricsWaitMs(config.periodS);
  const level = evenLevel(budget?.alpha ?? 0, horizonMs, input.previousLookMs, ctx.lookMs);
  const pValue = poissonLowerTail(seen, floor);
  const base = {
    check: 'traffic' as const,
    value: seen,
    baselineValue: round(expected),
    statistic: { name: 'Poisson p-value', value: pValue },
    threshold: { name: 'alpha spent at this look', value: level },
    window: isoWindow(last, p),
    budget,
  };
  if (level > 0 && pValue <= level) {
    return {
      ...base,
      outcome: 'fail',
      // The p-value and the level are in the check's statistic and threshold.
      reason: `Traffic through the alias collapsed: ${seen} requests in the last ${TRAFFIC_PERIODS} periods against ${round(expected)} before the deployment (more than ${formatPercent(config.trafficDrop)} down).`,
    };
  }
  return {
    ...base,
    outcome: 'pass',
    reason: `Alias traffic ${seen} requests in the last ${TRAFFIC_PERIODS} periods, ${round(expected)} before the deployment; not significantly below ${round(floor)}.`,
  };
}

/**
 * Given n calls that reached either version, a version routed weight w serves
 * X ~ Binomial(n, w) of them: Lambda routes each call at random. The test is one-sided and
 * exact: H0 "its share is at least TRAFFIC_SHARE_FLOOR·w" against "below", p = P(X <= x)
 * at the floor. A version as good as routed (share w, above the floor) is failed with at
 * most the level; the level is this test's share of `significance` (budget.ts), spent over
 * the bake like the rate tests' (O'Brien-Fleming, group-sequential boundaries).
 */
export function trafficShareCheck(ctx: Ctx): Check {
  const { input } = ctx;
  const routed = input.routedWeight;
  if (!testsTrafficShare(input) || !routed) {
    return {
      check: 'traffic-share',
      outcome: 'skipped',
      reason:
        input.baselineSource === 'concurrent'
          ? 'The weight the alias routes to the new version is not known here.'
          : `The alias is not split: version ${input.version} serves every call, there is no share to compare.`,
    };
  }
  const w = routed.weight;
  if (!(w > 0 && w < 1)) {
    return {
      check: 'traffic-share',
      outcome: 'skipped',
      value: w,
      reason: `The alias routes ${formatPercent(w)} of its calls to version ${input.version}: there is no split to check.`,
    };
  }
  const p = input.config.periodS * 1000;
  // Only whole periods under this weight: a period that began before it mixes two weights.
  const from = Math.ceil(routed.since / p) * p;
  const periods = ctx.bake.filter((x) => x.start >= from);
  const x = sumPeriods(periods, 'version').invocations;
  const y = sumPeriods(periods, 'baseline').invocations;
  const n = x + y;
  const floor = TRAFFIC_SHARE_FLOOR * w;
  const alpha = ctx.budget['traffic-share']?.alpha ?? 0;
  // Fewer calls than it takes for even a silent version (x = 0, p = (1 - floor)^n) to reach
  // this test's whole budget: no count could fail, so a pass would be no evidence.
  const needed = Math.ceil(Math.log(alpha) / Math.log1p(-floor));
  // Whether the bake extends is judged here on the calls to both versions, never on the
  // new version's share of them, which is what this test counts.
  const look = levelFor(
    ctx,
    'traffic-share',
    { info: periods.length, from },
    w * n < input.config.minInvocations,
  );
  const level = look.level;
  const pValue = binomialLowerTail(x, n, floor);
  const share = n > 0 ? x / n : 0;
  const base = {
    check: 'traffic-share' as const,
    value: round(share, 6),
    baselineValue: w,
    samples: { version: x, baseline: y },
    statistic: { name: 'exact binomial p-value', value: pValue },
    threshold: { name: LEVEL_NAME, value: level },
    ...(Number.isFinite(look.boundary) ? { boundary: look.boundary } : {}),
    window: isoWindow(periods, p),
    budget: ctx.budget['traffic-share'],
  };
  const served = `Version ${input.version} served ${formatPercent(share)} of the calls to versions ${input.version} and ${input.previousVersion} (${x} of ${n})`;
  const floorText = `${formatPercent(floor)} (${formatPercent(TRAFFIC_SHARE_FLOOR)} of the ${formatPercent(w)} weight)`;
  if (n < needed) {
    return {
      ...base,
      outcome: 'inconclusive',
      reason: `${x + y} calls reached versions ${input.version} and ${input.previousVersion} at the ${formatPercent(w)} weight so far, fewer than the ${needed} it takes to tell a share below ${floorText} from chance.`,
    };
  }
  if (level > 0 && pValue <= level) {
    return {
      ...base,
      outcome: 'fail',
      reason: `${served} while the alias routes it ${formatPercent(w)}: about ${round(w * n, 0)} expected, significantly fewer than ${floorText} (p = ${pValue.toPrecision(2)} <= ${level.toPrecision(2)}). A version that fails before Lambda counts its calls, or that calls do not reach, looks like this.`,
    };
  }
  return {
    ...base,
    outcome: 'pass',
    reason: `${served} at a ${formatPercent(w)} weight; not significantly below ${floorText}.`,
  };
}
