// The judgement of one look at the evidence: pure, over complete metric periods and the
// alarm states, returning pass, fail or inconclusive with every check's numbers. The bake
// loop calls it on each poll; shift-traffic can call it between canary steps.
import type { AlarmJudgement } from '../alarms.js';
import { formatDuration } from '../inputs.js';
import type { BakeConfig, MetricName } from './config.js';
import {
  alarmsCheck,
  countCheck,
  invocationsCheck,
  isoWindow,
  latencyCheck,
  trafficCheck,
} from './checks.js';
import { alignDown, type MetricsReading, sumPeriods } from './observations.js';

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
}

export interface Judgement {
  verdict: Verdict;
  reason: string;
  checks: Check[];
  /** Evidence covered by this look, ms after bake start: the next look's previousLookMs. */
  lookMs: number;
}

const ORDER: Check['check'][] = [
  'alarms',
  'traffic',
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
  // The test's budget is spent as evidence arrives, not as the clock runs: trailing periods
  // CloudWatch has not published yet (nothing at all, through the alias) do not count.
  const published = bake.filter((x) => x.aliasInvocations > 0 || x.version.invocations > 0);
  const lastEnd = published.length ? published[published.length - 1].start + p : bakeFrom;
  const lookMs = Math.max(input.previousLookMs, lastEnd - input.bakeStart);
  const ctx = { input, bake, before, lookMs, window: isoWindow(bake, p) };

  const checks: Check[] = [alarmsCheck(input), trafficCheck(ctx), invocationsCheck(ctx)];
  for (const rule of config.rules) {
    checks.push(
      rule.name === 'duration-p99'
        ? latencyCheck(ctx, rule.tolerance)
        : countCheck(ctx, rule.name, rule.tolerance),
    );
  }
  checks.sort((a, b) => ORDER.indexOf(a.check) - ORDER.indexOf(b.check));
  const failed = checks.find((c) => c.outcome === 'fail');
  const open = checks.find((c) => c.outcome === 'inconclusive');
  if (failed) return { verdict: 'fail', reason: failed.reason, checks, lookMs };
  if (open) return { verdict: 'inconclusive', reason: open.reason, checks, lookMs };
  const n = sumPeriods(bake, 'version').invocations;
  return {
    verdict: 'pass',
    reason: `Version ${input.version} served ${n} requests over ${formatDuration(bake.length * p)} and matched version ${input.previousVersion} on every check.`,
    checks,
    lookMs,
  };
}
