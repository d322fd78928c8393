// The judgement of one look at the evidence: pure, over complete metric periods and the
// alarm states, returning pass, fail or inconclusive with every check's numbers. The bake
// loop calls it on each poll; shift-traffic can call it between canary steps.
import { type AlarmJudgement, describeFiring } from '../alarms.js';
import { formatPercent } from '../alias-state.js';
import { formatDuration } from '../inputs.js';
import { compareRates } from '../stats/binomial.js';
import { lookLevel, type SpendingPlan } from '../stats/spending.js';
import {
  alphaPerTest,
  type BakeConfig,
  LATENCY_CONSECUTIVE_PERIODS,
  LATENCY_MIN_SAMPLES,
  type MetricName,
  ruleFor,
  TRAFFIC_MIN_EXPECTED,
  TRAFFIC_PERIODS,
} from './config.js';
import { alignDown, type MetricsReading, type PeriodSample, settleMs, sumPeriods } from './observations.js';

export type Verdict = 'pass' | 'fail' | 'inconclusive';
/** `skipped`: a guard that had nothing to guard (no alarms chosen, too little traffic before). */
export type CheckOutcome = Verdict | 'skipped';
/** Where the baseline's numbers come from: the same periods (split alias) or before the deployment. */
export type BaselineSource = 'concurrent' | 'before';

export interface Check {
  check: 'alarms' | 'traffic' | 'invocations' | MetricName;
  outcome: CheckOutcome;
  reason: string;
  value?: number;
  baselineValue?: number;
  samples?: { version: number; baseline?: number };
  statistic?: { name: string; value: number };
  threshold?: { name: string; value: number };
  window?: { start: string; end: string };
}

export interface JudgeInput {
  config: BakeConfig;
  version: string;
  baselineVersion: string;
  bakeStart: number;
  /** When traffic started moving (the deployment record's startedAt), epoch ms. */
  deployStart: number;
  now: number;
  baselineSource: BaselineSource;
  reading: MetricsReading;
  /** Undefined when no alarms were chosen. */
  alarms?: AlarmJudgement;
  /** Evidence covered (ms after bake start) at the previous look of the count tests. */
  previousLookMs: number;
}

export interface Judgement {
  verdict: Verdict;
  reason: string;
  checks: Check[];
  /** Evidence covered by this look, ms after bake start: the next look's previousLookMs. */
  lookMs: number;
}

const ORDER: Check['check'][] = ['alarms', 'traffic', 'error-rate', 'throttle-rate', 'duration-p99', 'invocations'];

export function judge(input: JudgeInput): Judgement {
  const { config, reading } = input;
  const p = config.periodS * 1000;
  const bakeFrom = alignDown(input.bakeStart, config.periodS);
  const bake = reading.periods.filter((x) => x.start >= bakeFrom);
  const before = reading.periods.filter((x) => x.start + p <= input.deployStart && x.start < bakeFrom);
  const lastEnd = reading.periods.length ? reading.periods[reading.periods.length - 1].start + p : bakeFrom;
  const lookMs = Math.max(input.previousLookMs, lastEnd - input.bakeStart);
  const ctx = { input, bake, before, lookMs, window: isoWindow(bake, p) };

  const checks: Check[] = [alarmsCheck(input), trafficCheck(ctx), invocationsCheck(ctx)];
  for (const rule of config.rules) {
    checks.push(rule.name === 'duration-p99' ? latencyCheck(ctx, rule.tolerance) : countCheck(ctx, rule.name, rule.tolerance));
  }
  checks.sort((a, b) => ORDER.indexOf(a.check) - ORDER.indexOf(b.check));
  const failed = checks.find((c) => c.outcome === 'fail');
  const open = checks.find((c) => c.outcome === 'inconclusive');
  if (failed) return { verdict: 'fail', reason: failed.reason, checks, lookMs };
  if (open) return { verdict: 'inconclusive', reason: open.reason, checks, lookMs };
  const n = sumPeriods(bake, 'version').invocations;
  return {
    verdict: 'pass',
    reason: `Version ${input.version} served ${n} requests over ${formatDuration(bake.length * p)} and matched version ${input.baselineVersion} on every check.`,
    checks,
    lookMs,
  };
}

interface Ctx {
  input: JudgeInput;
  bake: PeriodSample[];
  before: PeriodSample[];
  lookMs: number;
  window?: { start: string; end: string };
}

function alarmsCheck(input: JudgeInput): Check {
  const a = input.alarms;
  if (!a) return { check: 'alarms', outcome: 'skipped', reason: 'No alarms were chosen.' };
  const watched = a.firing.length + a.ok.length + a.insufficientData.length;
  if (a.firing.length > 0) {
    return { check: 'alarms', outcome: 'fail', value: a.firing.length, samples: { version: watched }, reason: `Alarm firing: ${describeFiring(a.firing)}.` };
  }
  const quiet = a.insufficientData.length ? ` (${a.insufficientData.length} in INSUFFICIENT_DATA: ${a.insufficientData.map((x) => x.name).join(', ')})` : '';
  return { check: 'alarms', outcome: 'pass', value: 0, samples: { version: watched }, reason: `None of ${watched} alarms firing${quiet}.` };
}

function trafficCheck(ctx: Ctx): Check {
  const { input, bake, before } = ctx;
  const p = input.config.periodS * 1000;
  const settled = bake.filter((x) => x.start + p <= input.now - settleMs(input.config.periodS) && x.start >= alignDown(input.deployStart, input.config.periodS));
  if (before.length === 0) return { check: 'traffic', outcome: 'skipped', reason: 'No alias traffic was measured before the deployment.' };
  const perPeriod = before.reduce((s, x) => s + x.aliasInvocations, 0) / before.length;
  const expected = perPeriod * TRAFFIC_PERIODS;
  if (expected < TRAFFIC_MIN_EXPECTED) {
    return { check: 'traffic', outcome: 'skipped', baselineValue: expected, reason: `Too little alias traffic before the deployment (${round(expected)} requests per ${TRAFFIC_PERIODS} periods) to tell a drop from chance.` };
  }
  if (settled.length < TRAFFIC_PERIODS) {
    return { check: 'traffic', outcome: 'skipped', baselineValue: expected, reason: 'Not enough settled periods yet to judge alias traffic.' };
  }
  const last = settled.slice(-TRAFFIC_PERIODS);
  const seen = last.reduce((s, x) => s + x.aliasInvocations, 0);
  const floor = expected * (1 - input.config.trafficDrop);
  const base = {
    check: 'traffic' as const,
    value: seen,
    baselineValue: round(expected),
    threshold: { name: 'minimum requests', value: round(floor) },
    window: isoWindow(last, p),
  };
  if (seen < floor) {
    return { ...base, outcome: 'fail', reason: `Traffic through the alias collapsed: ${seen} requests in the last ${TRAFFIC_PERIODS} periods against ${round(expected)} before the deployment (more than ${formatPercent(input.config.trafficDrop)} down).` };
  }
  return { ...base, outcome: 'pass', reason: `Alias traffic ${seen} requests in the last ${TRAFFIC_PERIODS} periods, ${round(expected)} before the deployment.` };
}

function invocationsCheck(ctx: Ctx): Check {
  const n = sumPeriods(ctx.bake, 'version').invocations;
  const min = ctx.input.config.minInvocations;
  const base = { check: 'invocations' as const, value: n, threshold: { name: 'min-invocations', value: min }, samples: { version: n }, window: ctx.window };
  if (n < min) {
    return { ...base, outcome: 'inconclusive', reason: `Version ${ctx.input.version} served ${n} requests during the bake, fewer than min-invocations (${min}): not enough evidence to pass.` };
  }
  return { ...base, outcome: 'pass', reason: `Version ${ctx.input.version} served ${n} requests (min-invocations ${min}).` };
}

function baselinePeriods(ctx: Ctx): PeriodSample[] {
  return ctx.input.baselineSource === 'concurrent' ? ctx.bake : ctx.before;
}

function countCheck(ctx: Ctx, name: 'error-rate' | 'throttle-rate', tolerance: number): Check {
  const { input } = ctx;
  const v = sumPeriods(ctx.bake, 'version');
  const b = sumPeriods(baselinePeriods(ctx), 'baseline');
  // Throttled calls are not in Invocations: the rate is throttles over all attempts.
  const [xNew, nNew, xBase, nBase] =
    name === 'error-rate' ? [v.errors, v.invocations, b.errors, b.invocations] : [v.throttles, v.invocations + v.throttles, b.throttles, b.invocations + b.throttles];
  const what = name === 'error-rate' ? 'error rate' : 'throttle rate';
  const plan: SpendingPlan = { alpha: alphaPerTest(input.config), plannedMs: input.config.bakeTimeMs, maxMs: input.config.maxBakeTimeMs };
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
  const rates = `${formatPercent(xNew / nNew)} (${xNew}/${nNew}) against ${formatPercent(xBase / nBase)} (${xBase}/${nBase}) for version ${input.baselineVersion}`;
  if (nNew === 0) return { ...base, outcome: 'inconclusive', reason: `Version ${input.version} served no requests: its ${what} is unknown.` };
  if (nBase === 0) return { ...base, outcome: 'inconclusive', reason: `Version ${input.baselineVersion} served no requests ${input.baselineSource === 'concurrent' ? 'during the bake' : 'before the deployment'}: there is no baseline ${what}.` };
  if (level > 0 && test.pValue <= level) {
    return { ...base, outcome: 'fail', reason: `The ${what} of version ${input.version} is ${rates}: worse beyond the ${formatPercent(tolerance)} minimum effect (p = ${test.pValue.toPrecision(2)} <= ${level.toPrecision(2)}).` };
  }
  return { ...base, outcome: 'pass', reason: `The ${what} of version ${input.version} is ${rates}; not significantly worse.` };
}

function latencyCheck(ctx: Ctx, tolerance: number): Check {
  const { input } = ctx;
  const historic = ctx.before.filter((x) => x.baseline.p99 !== undefined && x.baseline.invocations >= LATENCY_MIN_SAMPLES).map((x) => x.baseline.p99!);
  const historicP99 = historic.length ? median(historic) : undefined;
  const compared: { start: number; p99: number; base: number; breach: boolean }[] = [];
  for (const x of ctx.bake) {
    if (x.version.p99 === undefined || x.version.invocations < LATENCY_MIN_SAMPLES) continue;
    const base = input.baselineSource === 'concurrent' ? (x.baseline.invocations >= LATENCY_MIN_SAMPLES ? x.baseline.p99 : undefined) : historicP99;
    if (base === undefined) continue;
    compared.push({ start: x.start, p99: x.version.p99, base, breach: x.version.p99 > base * (1 + tolerance) });
  }
  if (compared.length === 0) {
    return { check: 'duration-p99', outcome: 'inconclusive', reason: `No period had ${LATENCY_MIN_SAMPLES}+ requests on both versions: p99 Duration could not be compared.` };
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
    return { ...base, outcome: 'fail', reason: `p99 Duration of version ${input.version} was more than ${formatPercent(tolerance)} over version ${input.baselineVersion} for ${streak} periods in a row (last ${round(last.p99)} ms against ${round(last.base)} ms).` };
  }
  return { ...base, outcome: 'pass', reason: `p99 Duration within ${formatPercent(tolerance)} of version ${input.baselineVersion} (last period ${round(last.p99)} ms against ${round(last.base)} ms).` };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Number.isFinite(x) ? Math.round(x * f) / f : x;
}

function isoWindow(periods: PeriodSample[], p: number): { start: string; end: string } | undefined {
  if (periods.length === 0) return undefined;
  return { start: new Date(periods[0].start).toISOString(), end: new Date(periods[periods.length - 1].start + p).toISOString() };
}
