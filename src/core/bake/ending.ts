// When a bake ends, decided after every look. Pure, so each rule is a test. A fail ends it
// at once; otherwise nothing ends before bake-time. A pass then needs metrics covering the
// whole bake-time: AWS/Lambda data lands 1-3 minutes late, and a bake that passed on part of
// its time would pass on evidence it never saw. While the metrics are late the bake waits,
// past max-bake-time if need be, for up to lateMetricsWaitMs; then it ends in Error, saying
// how late they are: lateness alone is never a pass and never a fail.
import { formatDuration } from '../inputs.js';
import { type BakeConfig } from './config.js';
import { lateMetricsWaitMs } from './judge-constants.js';
import type { Judgement, Verdict } from './judge.js';
import { alignDown } from './observations.js';

export type PollVerdict = Verdict | 'error';

export interface Look {
  config: BakeConfig;
  bakeStart: number;
  elapsedMs: number;
  pollIntervalMs: number;
  verdict: PollVerdict;
  reason: string;
  /** The poll's error is one waiting cannot cure (a denied permission). */
  permanent: boolean;
  /** This poll's judgement; undefined when the evidence could not be read. */
  judgement?: Judgement;
}

export type Next =
  | { end: PollVerdict; reason: string }
  /** Look again, at the latest at `dueMs` after bake start; `note` says why it waits. */
  | { dueMs: number; note?: string };

export function nextStep(look: Look): Next {
  const { config, elapsedMs, judgement: j } = look;
  if (look.permanent) return { end: 'error', reason: look.reason };
  if (look.verdict === 'fail') return { end: 'fail', reason: look.reason };
  if (elapsedMs < config.bakeTimeMs) return { dueMs: config.bakeTimeMs };
  const lateDeadline = config.maxBakeTimeMs + lateMetricsWaitMs(config.periodS);
  const neededMs = alignDown(look.bakeStart + config.bakeTimeMs, config.periodS) - look.bakeStart;
  if (j && j.publishedUntil !== undefined && j.coveredMs < neededMs) {
    const coverage = coverageText(j, config);
    if (elapsedMs < lateDeadline) {
      return {
        dueMs: elapsedMs < config.maxBakeTimeMs ? config.maxBakeTimeMs : lateDeadline,
        note: `waiting for metrics: ${coverage}`,
      };
    }
    return {
      end: 'error',
      reason: `Metrics are ${formatDuration(j.lateMs ?? 0)} late: ${coverage}. The bake waited ${formatDuration(lateDeadline - config.maxBakeTimeMs)} past max-bake-time for them; without them there is no verdict.`,
    };
  }
  if (look.verdict === 'pass' && j && j.coveredMs >= neededMs)
    return { end: 'pass', reason: look.reason };
  // Not enough evidence (or unreadable, or nothing published at all): extend, or end so.
  if (config.onInconclusive !== 'extend' || elapsedMs >= config.maxBakeTimeMs) {
    const waited =
      elapsedMs > config.bakeTimeMs + look.pollIntervalMs
        ? ` after extending the bake to ${Math.round(elapsedMs / 1000)}s`
        : '';
    // A pass with nothing published is no pass (a min-invocations this low is refused, but
    // the rule must not hang on it).
    return look.verdict === 'pass'
      ? {
          end: 'inconclusive',
          reason: `CloudWatch published no metrics for the bake at all${waited}.`,
        }
      : { end: look.verdict, reason: look.reason + waited };
  }
  return { dueMs: config.maxBakeTimeMs };
}

/** "they cover 4m of the 10m bake-time; the newest datapoint … ends at …, 6m before …". */
function coverageText(j: Judgement, config: BakeConfig): string {
  const covered = j.coveredMs > 0 ? formatDuration(j.coveredMs) : 'none';
  return `they cover ${covered} of the ${formatDuration(config.bakeTimeMs)} bake-time; the newest datapoint CloudWatch returned ends at ${new Date(j.publishedUntil!).toISOString()}, ${formatDuration(j.lateMs ?? 0)} before the last complete period`;
}
