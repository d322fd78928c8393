// The checks of one look, each returning its outcome with the numbers behind it. Pure;
// called by judge() in the order the summary shows them. The traffic checks are in
// traffic.ts.
import { describeFiring } from '../alarms.js';
import { formatPercent } from '../routing.js';
import { compareRates } from '../stats/binomial.js';
import {
  type LookEvidence,
  type LookHistory,
  sequentialLook,
  type SequentialLook,
  type SequentialPlan,
  spentBefore,
} from '../stats/spending.js';
import { type BudgetedCheck, type CheckBudget, HISTORY_DRIFT, nullRatio } from './budget.js';
import { LATENCY_MIN_SAMPLES } from './judge-constants.js';
import type { Check, JudgeInput } from './judge.js';
import { type PeriodSample, sumPeriods } from './observations.js';

export interface Ctx {
  input: JudgeInput;
  bake: PeriodSample[];
  before: PeriodSample[];
  lookMs: number;
  window?: { start: string; end: string };
  /** The bake's split of `significance` between its checks (budget.ts). */
  budget: Partial<Record<BudgetedCheck, CheckBudget>>;
  /** Metric periods in bake-time and up to max-bake-time: what the budget is spent over. */
  plannedInfo: number;
  maxInfo: number;
  /** Bake periods published, now and at the previous look (for a caller with no histories). */
  elapsed: number;
  previousInfo: number;
  /** The sequential tests' looks after this one; the checks write theirs in. */
  spending: LookHistories;
}

/** The checks whose evidence accumulates over the bake, tested with sequential boundaries. */
export type SequentialCheck = 'error-rate' | 'throttle-rate' | 'duration-p99' | 'traffic-share';
export type LookHistories = Partial<Record<SequentialCheck, LookHistory>>;

export function alarmsCheck(input: JudgeInput): Check {
  const a = input.alarms;
  if (!a) return { check: 'alarms', outcome: 'skipped', reason: 'No alarms were chosen.' };
  const watched = a.firing.length + a.ok.length + a.insufficientData.length;
  if (a.firing.length > 0) {
    return {
      check: 'alarms',
      outcome: 'fail',
      value: a.firing.length,
      samples: { version: watched },
      reason: `Alarm firing: ${describeFiring(a.firing)}.`,
    };
  }
  const quiet = a.insufficientData.length
    ? ` (${a.insufficientData.length} in INSUFFICIENT_DATA: ${a.insufficientData.map((x) => x.name).join(', ')})`
    : '';
  return {
    check: 'alarms',
    outcome: 'pass',
    value: 0,
    samples: { version: watched },
    reason: `None of ${watched} alarms firing${quiet}.`,
  };
}

export function invocationsCheck(ctx: Ctx): Check {
  const n = sumPeriods(ctx.bake, 'version').invocations;
  const min = ctx.input.config.minInvocations;
  const base = {
    check: 'invocations' as const,
    value: n,
    threshold: { name: 'min-invocations', value: min },
    samples: { version: n },
    window: ctx.window,
  };
  if (n < min) {
    return {
      ...base,
      outcome: 'inconclusive',
      reason: `Version ${ctx.input.version} served ${n} requests so far, fewer than min-invocations (${min}): not enough evidence to pass.`,
    };
  }
  return {
    ...base,
    outcome: 'pass',
    reason: `Version ${ctx.input.version} served ${n} requests (min-invocations ${min}).`,
  };
}

function baselinePeriods(ctx: Ctx): PeriodSample[] {
  return ctx.input.baselineSource === 'concurrent' ? ctx.bake : ctx.before;
}

/**
 * This look of a sequential check: its share of the budget, spent over the bake at
 * group-sequential boundaries (spending.ts), on what it has `seen`. `thin`: too
 * few requests for the bake to pass at its planned end, so it will extend (from counts of
 * requests only, never from what the check tests). The look is recorded in ctx.spending.
 */
export function levelFor(
  ctx: Ctx,
  check: SequentialCheck,
  seen: Omit<LookEvidence, 'elapsed'>,
  thin: boolean,
): SequentialLook {
  const { config } = ctx.input;
  const plan: SequentialPlan = {
    alpha: ctx.budget[check]?.alpha ?? 0,
    plannedInfo: ctx.plannedInfo,
    maxInfo: ctx.maxInfo,
    extending: thin && config.onInconclusive === 'extend' && ctx.maxInfo > ctx.plannedInfo,
  };
  // A caller that carries no histories (a resumed shift, a single judgement) may have spent
  // up to the previous look already: that much is counted spent.
  const history = ctx.input.spending
    ? (ctx.input.spending[check] ?? { before: 0, looks: [] })
    : { before: spentBefore(plan, ctx.previousInfo), looks: [] };
  const look = sequentialLook(plan, history, { ...seen, elapsed: ctx.elapsed });
  ctx.spending[check] = look.history;
  return look;
}

interface Counts {
  xNew: number;
  nNew: number;
  xBase: number;
  nBase: number;
}

/** What the rate checks count: events over trials, for the new version and the baseline. */
function countsOf(ctx: Ctx, name: 'error-rate' | 'throttle-rate' | 'duration-p99'): Counts {
  const v = sumPeriods(ctx.bake, 'version');
  const b = sumPeriods(baselinePeriods(ctx), 'baseline');
  // Throttled calls are not in Invocations: the rate is throttles over all attempts.
  if (name === 'throttle-rate')
    return {
      xNew: v.throttles,
      nNew: v.invocations + v.throttles,
      xBase: b.throttles,
      nBase: b.invocations + b.throttles,
    };
  if (name === 'duration-p99')
    return { xNew: v.slow ?? 0, nNew: v.invocations, xBase: b.slow ?? 0, nBase: b.invocations };
  return { xNew: v.errors, nNew: v.invocations, xBase: b.errors, nBase: b.invocations };
}

/** The threshold the sequential tests report: the nominal level of this look's boundary. */
export const LEVEL_NAME = 'nominal level at this look';

const WHAT = {
  'error-rate': 'error rate',
  'throttle-rate': 'throttle rate',
  'duration-p99': 'share of calls slower than the latency threshold',
} as const;

/**
 * error-rate, throttle-rate and duration-p99 are one test on different counts: the exact
 * conditional binomial test of two Poisson rates (stats/binomial.ts), H0 "the new version's
 * rate is at most nullRatio times the baseline's", at this look's part of the check's
 * share of the budget. For duration-p99 the events are calls slower than a threshold x set
 * before the judged periods (latencyCheck).
 */
export function countCheck(
  ctx: Ctx,
  name: 'error-rate' | 'throttle-rate' | 'duration-p99',
  tolerance: number,
): Check {
  const { input } = ctx;
  const { xNew, nNew, xBase, nBase } = countsOf(ctx, name);
  const what = WHAT[name];
  const ratio = nullRatio(tolerance, input.baselineSource);
  const thin = sumPeriods(ctx.bake, 'version').invocations < input.config.minInvocations;
  const look = levelFor(ctx, name, { info: ctx.bake.length }, thin);
  const level = look.level;
  const test = compareRates({ xNew, nNew, xBase, nBase, ratio });
  const base = {
    check: name,
    value: round(test.rateNew, 6),
    baselineValue: round(test.rateBase, 6),
    samples: { version: nNew, baseline: nBase },
    statistic: { name: 'exact binomial p-value', value: test.pValue },
    threshold: { name: LEVEL_NAME, value: level },
    ...(Number.isFinite(look.boundary) ? { boundary: look.boundary } : {}),
    window: ctx.window,
    ...(ctx.budget[name] ? { budget: ctx.budget[name] } : {}),
  };
  const rates = `${formatPercent(xNew / nNew)} (${xNew}/${nNew}) against ${formatPercent(xBase / nBase)} (${xBase}/${nBase}) for version ${input.previousVersion}`;
  if (nNew === 0)
    return {
      ...base,
      outcome: 'inconclusive',
      reason: `Version ${input.version} served no requests: its ${what} is unknown.`,
    };
  if (nBase === 0)
    return {
      ...base,
      outcome: 'inconclusive',
      reason: `Version ${input.previousVersion} served no requests ${input.baselineSource === 'concurrent' ? 'meanwhile' : 'before the deployment'}: there is no baseline ${what}.`,
    };
  // The minimum effect as stated: the tolerance, and for a history baseline its drift margin.
  const effect =
    input.baselineSource === 'before'
      ? `${formatPercent(ratio - 1)} minimum effect (${formatPercent(tolerance)}, widened by ${formatPercent(HISTORY_DRIFT)} for a baseline measured before the deployment)`
      : `${formatPercent(tolerance)} minimum effect`;
  if (level > 0 && test.pValue <= level) {
    return {
      ...base,
      outcome: 'fail',
      reason: `The ${what} of version ${input.version} is ${rates}: worse beyond the ${effect} (p = ${test.pValue.toPrecision(2)} <= ${level.toPrecision(2)}).`,
    };
  }
  return {
    ...base,
    outcome: 'pass',
    reason: `The ${what} of version ${input.version} is ${rates}; not significantly worse.`,
  };
}

/**
 * Lambda publishes percentiles per period, not the calls' durations, and a p99 per period
 * cannot be tested: no false-alarm rate can be stated for "three slow periods in a row".
 * So duration-p99 counts calls instead. A threshold x is set from the baseline before the
 * deployment (the median of its per-period p99: about 1% of its calls are slower; with no
 * such history, its p99 in one bake period that the test then leaves out), and
 * CloudWatch's trimmed count TC(x:) gives, per period, each version's calls slower than x.
 * Those counts are tested like errors: H0 "the new version's share of calls slower than x
 * is at most (1 + tolerance) times the baseline's" (so +20%: fail only when significantly
 * more than about 1.2% of its calls are slower than the baseline's p99, against 1%).
 * Assumptions, the error-rate test's: calls are independent, and x is fixed before the
 * judged periods (it comes from periods the test does not judge), so a version whose
 * latency is distributed as the baseline's has the same chance per call of being slower
 * than x, whatever x is, and the test's level holds exactly. The threshold and its source
 * are in the check's statistic and reason.
 */
export function latencyCheck(ctx: Ctx, tolerance: number): Check {
  const { input } = ctx;
  const x = input.reading.slowerThanMs;
  const set = input.reading.latencyThreshold;
  if (x === undefined && set) {
    return {
      check: 'duration-p99',
      outcome: 'inconclusive',
      ...(ctx.budget['duration-p99'] ? { budget: ctx.budget['duration-p99'] } : {}),
      latencyThresholdMs: set.ms,
      reason: `The latency threshold, ${round(set.ms)} ms (the p99 Duration of version ${input.previousVersion}), was set from this read; the calls slower than it are counted from the next period on.`,
    };
  }
  if (x === undefined) {
    return {
      check: 'duration-p99',
      outcome: 'inconclusive',
      ...(ctx.budget['duration-p99'] ? { budget: ctx.budget['duration-p99'] } : {}),
      reason: `No period before the deployment had ${LATENCY_MIN_SAMPLES}+ requests on version ${input.previousVersion}: there is no baseline p99 to count slower calls against (a longer period gathers more requests per period; for a function this quiet, leave duration-p99 out of metrics).`,
    };
  }
  // A threshold set from a bake period: that period and the earlier ones are not judged.
  const from = input.reading.slowerThanSetUntil;
  const judged = from === undefined ? ctx.bake : ctx.bake.filter((p) => p.start >= from);
  const p = input.config.periodS * 1000;
  const c = countCheck(
    { ...ctx, bake: judged, window: isoWindow(judged, p) },
    'duration-p99',
    tolerance,
  );
  const source =
    from === undefined
      ? 'before the deployment'
      : `in its first period with ${LATENCY_MIN_SAMPLES}+ requests, which is left out of this test`;
  const threshold = `${round(x)} ms (the p99 Duration of version ${input.previousVersion} ${source})`;
  return {
    ...c,
    latencyThresholdMs: x,
    reason: c.reason.replace(
      `${WHAT['duration-p99']} of version ${input.version}`,
      `share of calls of version ${input.version} slower than ${threshold}`,
    ),
  };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Number.isFinite(x) ? Math.round(x * f) / f : x;
}

export function isoWindow(
  periods: PeriodSample[],
  p: number,
): { start: string; end: string } | undefined {
  if (periods.length === 0) return undefined;
  return {
    start: new Date(periods[0].start).toISOString(),
    end: new Date(periods[periods.length - 1].start + p).toISOString(),
  };
}
