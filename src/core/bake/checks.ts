// The checks of one look, each returning its outcome with the numbers behind it. Pure;
// called by judge() in the order the summary shows them. The traffic checks are in
// traffic.ts.
import { describeFiring } from '../alarms.js';
import { formatPercent } from '../alias-state.js';
import { compareRates } from '../stats/binomial.js';
import { lookLevel, type SpendingPlan } from '../stats/spending.js';
import {
  alphaPerTest,
  LATENCY_CONSECUTIVE_PERIODS,
  LATENCY_MIN_SAMPLES,
  testsTrafficShare,
} from './config.js';
import type { Check, JudgeInput } from './judge.js';
import { type PeriodSample, sumPeriods } from './observations.js';

export interface Ctx {
  input: JudgeInput;
  bake: PeriodSample[];
  before: PeriodSample[];
  lookMs: number;
  window?: { start: string; end: string };
}

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

export function countCheck(
  ctx: Ctx,
  name: 'error-rate' | 'throttle-rate',
  tolerance: number,
): Check {
  const { input } = ctx;
  const v = sumPeriods(ctx.bake, 'version');
  const b = sumPeriods(baselinePeriods(ctx), 'baseline');
  // Throttled calls are not in Invocations: the rate is throttles over all attempts.
  const [xNew, nNew, xBase, nBase] =
    name === 'error-rate'
      ? [v.errors, v.invocations, b.errors, b.invocations]
      : [v.throttles, v.invocations + v.throttles, b.throttles, b.invocations + b.throttles];
  const what = name === 'error-rate' ? 'error rate' : 'throttle rate';
  const plan: SpendingPlan = {
    alpha: alphaPerTest(input.config, testsTrafficShare(input)),
    plannedMs: input.config.bakeTimeMs,
    maxMs: input.config.maxBakeTimeMs,
  };
  const level = lookLevel(plan, input.previousLookMs, ctx.lookMs);
  const test = compareRates({ xNew, nNew, xBase, nBase, ratio: 1 + tolerance });
  const base = {
    check: name,
    value: round(test.rateNew, 6),
    baselineValue: round(test.rateBase, 6),
    samples: { version: nNew, baseline: nBase },
    statistic: { name: 'exact binomial p-value', value: test.pValue },
    threshold: { name: 'alpha spent at this look', value: level },
    window: ctx.window,
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
  if (level > 0 && test.pValue <= level) {
    return {
      ...base,
      outcome: 'fail',
      reason: `The ${what} of version ${input.version} is ${rates}: worse beyond the ${formatPercent(tolerance)} minimum effect (p = ${test.pValue.toPrecision(2)} <= ${level.toPrecision(2)}).`,
    };
  }
  return {
    ...base,
    outcome: 'pass',
    reason: `The ${what} of version ${input.version} is ${rates}; not significantly worse.`,
  };
}

export function latencyCheck(ctx: Ctx, tolerance: number): Check {
  const { input } = ctx;
  const historic = ctx.before
    .filter((x) => x.baseline.p99 !== undefined && x.baseline.invocations >= LATENCY_MIN_SAMPLES)
    .map((x) => x.baseline.p99!);
  const historicP99 = historic.length ? median(historic) : undefined;
  const compared: { start: number; p99: number; base: number; breach: boolean }[] = [];
  for (const x of ctx.bake) {
    if (x.version.p99 === undefined || x.version.invocations < LATENCY_MIN_SAMPLES) continue;
    const base =
      input.baselineSource === 'concurrent'
        ? x.baseline.invocations >= LATENCY_MIN_SAMPLES
          ? x.baseline.p99
          : undefined
        : historicP99;
    if (base === undefined) continue;
    compared.push({
      start: x.start,
      p99: x.version.p99,
      base,
      breach: x.version.p99 > base * (1 + tolerance),
    });
  }
  if (compared.length === 0) {
    return {
      check: 'duration-p99',
      outcome: 'inconclusive',
      reason: `No period had ${LATENCY_MIN_SAMPLES}+ requests on both versions: p99 Duration could not be compared (a longer period gathers more requests per period; for a function this quiet, leave duration-p99 out of metrics).`,
    };
  }
  let streak = 0;
  while (streak < compared.length && compared[compared.length - 1 - streak].breach) streak++;
  const last = compared[compared.length - 1];
  const base = {
    check: 'duration-p99' as const,
    value: round(last.p99),
    baselineValue: round(last.base),
    samples: { version: compared.length },
    statistic: { name: 'consecutive periods over tolerance', value: streak },
    threshold: { name: 'p99 limit, ms', value: round(last.base * (1 + tolerance)) },
    window: ctx.window,
  };
  if (streak >= LATENCY_CONSECUTIVE_PERIODS) {
    return {
      ...base,
      outcome: 'fail',
      reason: `p99 Duration of version ${input.version} was more than ${formatPercent(tolerance)} over version ${input.previousVersion} for ${streak} periods in a row (last ${round(last.p99)} ms against ${round(last.base)} ms).`,
    };
  }
  return {
    ...base,
    outcome: 'pass',
    reason: `p99 Duration within ${formatPercent(tolerance)} of version ${input.previousVersion} (last period ${round(last.p99)} ms against ${round(last.base)} ms).`,
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
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
