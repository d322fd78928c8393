// The judgement of one look at the evidence: pure, over the metric periods CloudWatch has
// published and the alarm states, returning pass, fail or inconclusive with every check's numbers. The bake
// loop calls it on each poll; shift-traffic can call it between canary steps.
import type { AlarmJudgement } from '../alarms.js';
import { formatDuration } from '../inputs.js';
import { budgetSplit, type CheckBudget } from './budget.js';
import { type BakeConfig, type MetricName } from './config.js';
import { testsTrafficShare } from './judge-constants.js';
import {
  alarmsCheck,
  countCheck,
  type Ctx,
  invocationsCheck,
  isoWindow,
  latencyCheck,
  type LookHistories,
} from './checks.js';
import { alignDown, type MetricsReading, publishedUntil, sumPeriods } from './observations.js';
import { trafficCheck, trafficShareCheck } from './traffic.js';
import { spentBefore } from '../stats/spending.js';

export type Verdict = 'pass' | 'fail' | 'inconclusive';
/** `skipped`: a guard that had nothing to guard (no alarms chosen, too little traffic before). */
export type CheckOutcome = Verdict | 'skipped';
/** Where the baseline's numbers come from: the same periods (split alias) or before the deployment. */
export type BaselineSource = 'concurrent' | 'before';

export interface Check {
  check: 'alarms' | 'traffic' | 'traffic-share' | 'invocations' | MetricName;
  outcome: CheckOutcome;
  reason: string;
  value?: number;
  baselineValue?: number;
  samples?: { version: number; baseline?: number };
  statistic?: { name: string; value: number };
  threshold?: { name: string; value: number };
  window?: { start: string; end: string };
  /** The check's part of `significance`, fixed before the bake (budget.ts). */
  budget?: CheckBudget;
  /** duration-p99: the latency the slow calls were counted above, ms. */
  latencyThresholdMs?: number;
  /** A sequential test: this look's z boundary (its nominal level is the threshold). */
  boundary?: number;
}

/** The weight a split alias routes to the version under judgement, as read. */
export interface RoutedWeight {
  /** In [0, 1]. */
  weight: number;
  /** Since when it holds, epoch ms (when it was read, or set): only later periods count. */
  since: number;
}

export interface JudgeInput {
  config: BakeConfig;
  version: string;
  previousVersion: string;
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
  /**
   * The sequential tests' looks so far: the previous judgement's `spending`. Undefined for a
   * first look, or for a caller that carries none (each test then counts the budget up to
   * previousLookMs as spent).
   */
  spending?: LookHistories;
  /**
   * The new version's weight on a split alias: the traffic-share check compares its share
   * of the calls with it. Undefined: not known, the check is skipped.
   */
  routedWeight?: RoutedWeight;
}

export interface Judgement {
  verdict: Verdict;
  reason: string;
  checks: Check[];
  /** Evidence covered by this look, ms after bake start: the next look's previousLookMs. */
  lookMs: number;
  /** How much of the bake this reading covers, ms after bake start (0 when none of it). */
  coveredMs: number;
  /**
   * How late the metrics are: from the end of the newest published period to the end of the
   * last complete one. Undefined when nothing at all was published in the window.
   */
  lateMs?: number;
  /** End of the newest published period, epoch ms. */
  publishedUntil?: number;
  /** The sequential tests' looks including this one: the next look's `spending`. */
  spending: LookHistories;
}

const SEQUENTIAL = ['error-rate', 'throttle-rate', 'duration-p99', 'traffic-share'] as const;

const ORDER: Check['check'][] = [
  'alarms',
  'traffic',
  'traffic-share',
  'error-rate',
  'throttle-rate',
  'duration-p99',
  'invocations',
];

export function judge(input: JudgeInput): Judgement {
  const { config, reading } = input;
  const p = config.periodS * 1000;
  const bakeFrom = alignDown(input.bakeStart, config.periodS);
  const bake = reading.periods.filter((x) => x.start >= bakeFrom);
  const before = reading.periods.filter(
    (x) => x.start + p <= input.deployStart && x.start < bakeFrom,
  );
  // The tests' budget is spent as evidence arrives, not as the clock runs: periods CloudWatch
  // has not published yet are not in the reading, and add no look.
  const until = publishedUntil(reading, config.periodS);
  const coveredMs = Math.max(0, (until ?? 0) - input.bakeStart);
  const lookMs = Math.max(input.previousLookMs, coveredMs);
  // Lateness is measured from the newest datapoint, to the end of the last complete period.
  const late =
    until === undefined
      ? {}
      : {
          publishedUntil: until,
          lateMs: Math.max(0, alignDown(input.now, config.periodS) - until),
        };
  const budget = budgetSplit(config, testsTrafficShare(input));
  // Information is counted in bake periods: the first is the one the bake starts in.
  const periodsTo = (ms: number): number =>
    Math.max(1, Math.round((alignDown(input.bakeStart + ms, config.periodS) - bakeFrom) / p));
  const plannedInfo = periodsTo(config.bakeTimeMs);
  const ctx: Ctx = {
    input,
    bake,
    before,
    lookMs,
    window: isoWindow(bake, p),
    budget,
    plannedInfo,
    maxInfo: Math.max(plannedInfo, periodsTo(config.maxBakeTimeMs)),
    elapsed: bake.length,
    previousInfo: Math.round((input.bakeStart + input.previousLookMs - bakeFrom) / p),
    spending: { ...input.spending },
  };

  const checks: Check[] = [
    alarmsCheck(input),
    trafficCheck(ctx),
    trafficShareCheck(ctx),
    invocationsCheck(ctx),
  ];
  for (const rule of config.rules) {
    checks.push(
      rule.name === 'duration-p99'
        ? latencyCheck(ctx, rule.tolerance)
        : countCheck(ctx, rule.name, rule.tolerance),
    );
  }
  checks.sort((a, b) => ORDER.indexOf(a.check) - ORDER.indexOf(b.check));
  // A caller that carries no histories (a resumed shift) counts the budget up to
  // previousLookMs as spent for every sequential check, run this look or not, so no later
  // look spends it again.
  if (!input.spending)
    for (const c of SEQUENTIAL)
      if (budget[c] && !ctx.spending[c])
        ctx.spending[c] = {
          before: spentBefore({ alpha: budget[c].alpha, plannedInfo }, ctx.previousInfo),
          looks: [],
        };
  const failed = checks.find((c) => c.outcome === 'fail');
  // Too few calls to judge the share says less than what the rate tests lack: name theirs.
  const open =
    checks.find((c) => c.outcome === 'inconclusive' && c.check !== 'traffic-share') ??
    checks.find((c) => c.outcome === 'inconclusive');
  const cover = { lookMs, coveredMs, ...late, spending: ctx.spending };
  if (failed) return { verdict: 'fail', reason: failed.reason, checks, ...cover };
  if (open) return { verdict: 'inconclusive', reason: open.reason, checks, ...cover };
  const n = sumPeriods(bake, 'version').invocations;
  return {
    verdict: 'pass',
    reason: `Version ${input.version} served ${n} requests over ${formatDuration(bake.length * p)} and matched version ${input.previousVersion} on every check.`,
    checks,
    ...cover,
  };
}
