// A StepGuard that judges the new version against the previous one from per-version
// metrics at each step of a shift, with bake-and-watch's judge(): the same exact tests (error
// and throttle rate, calls slower than the baseline's p99, traffic share and collapse), one
// false-rollback budget split between them (bake/budget.ts) and spent over the whole plan. Only a `fail` verdict fails a step; `inconclusive` is recorded and never
// counts as a pass; the alarms keep guarding while the evidence cannot be read, for up to 3
// looks in a row, unless waiting cannot cure why (isPermanent): that fails the step at once,
// as it ends bake-and-watch's bake at once.
import { type BakeConfig, type MetricRule } from './config.js';
import type { Judgement, RoutedWeight, Verdict } from './judge.js';
import { evidenceLooker } from './look.js';
import type { EvidencePorts } from './loop.js';
import { alignDown } from './observations.js';
import { AbortError, type Clock } from '../clock.js';
import type { StepGuard } from '../shift.js';
import { type Plan, planDurationMs } from '../strategy.js';
import { errorText } from '../error-text.js';
import { isPermanent } from '../retry.js';

/** Read errors in a row after which the guard fails: evidence it cannot see guards nothing. */
export const MAX_CONSECUTIVE_READ_ERRORS = 3;

/** The inputs shift-traffic shares with bake-and-watch (same names and grammar). */
export interface EvidenceSettings {
  rules: MetricRule[];
  significance: number;
  periodS: number;
  minInvocations: number;
  trafficDrop: number;
}

/**
 * The bake config of a shift: the plan's watching time is the "bake" the budget is spent
 * over (no extension: the plan does not wait for evidence).
 */
export function evidenceConfig(settings: EvidenceSettings, plan: Plan): BakeConfig {
  const watchMs = Math.max(planDurationMs(plan), settings.periodS * 1000);
  return {
    bakeTimeMs: watchMs,
    maxBakeTimeMs: watchMs,
    periodS: settings.periodS,
    minInvocations: settings.minInvocations,
    significance: settings.significance,
    rules: settings.rules,
    trafficDrop: settings.trafficDrop,
    onInconclusive: 'extend',
  };
}

export interface EvidenceLook {
  at: number;
  verdict: Verdict | 'error';
  reason: string;
}

export interface EvidenceGuardOptions {
  config: BakeConfig;
  version: string;
  previousVersion: string;
  /** The shift's start (a resumed run's original start): bake start and deployment start. */
  startedAt: number;
  /**
   * When this run resumed someone else's shift. The earlier run may have judged, and spent
   * budget on, every period published before then; this one spends only on what comes
   * after, so no evidence is paid for twice and the false-rollback budget still holds.
   */
  resumedAt?: number;
  clock: Clock;
  readMetrics: EvidencePorts['readMetrics'];
  signal?: AbortSignal;
  /**
   * The weight the alias routes to the new version now, and since when: the traffic-share
   * check compares the version's share of the calls with it. Given on every look of the
   * shift (at 0% and 100% the check is skipped, but the budget split stays the same).
   */
  routedWeight?: () => RoutedWeight;
  /** Each new judgement, for the log. */
  onLook?: (look: EvidenceLook, judgement?: Judgement) => void;
  /** A read error that does not fail the guard yet (fewer than 3 in a row). */
  onReadError?: (reason: string, consecutive: number) => void;
}

export interface EvidenceGuard extends StepGuard {
  /** The last judgement made, for the summary. */
  last?: Judgement;
  readonly looks: EvidenceLook[];
  /**
   * One read that throws on error, before anything changes: metrics that cannot be read at
   * all (no cloudwatch:GetMetricData permission) refuse the start instead of failing later.
   */
  prime(): Promise<Judgement>;
}

export function evidenceGuard(options: EvidenceGuardOptions): EvidenceGuard {
  const { config, clock } = options;
  const looker = evidenceLooker({
    config,
    version: options.version,
    previousVersion: options.previousVersion,
    bakeStart: options.startedAt,
    deployStart: options.startedAt,
    baselineSource: 'concurrent',
    readMetrics: options.readMetrics,
    ...(options.routedWeight ? { routedWeight: options.routedWeight } : {}),
    spentMs: alreadySpentMs(options),
    // No correlatedLooks: the weight changes from step to step, so the information does not
    // grow with the periods as the group-sequential boundaries assume; each look is tested
    // at the budget it adds (union bound), whatever the steps.
  });
  let errorsInARow = 0;

  /** A new judgement when a period ended since the last look; undefined when none did. */
  const look = async (): Promise<Judgement | undefined> => {
    const now = clock.now();
    const { reading, fresh } = await looker.read(now, options.signal);
    if (!fresh) return undefined;
    // Alarms are the alarm guard's: judged here they would be read twice per poll.
    const judgement = looker.judge(now, reading);
    errorsInARow = 0;
    guard.last = judgement;
    const record = { at: now, verdict: judgement.verdict, reason: judgement.reason };
    guard.looks.push(record);
    options.onLook?.(record, judgement);
    return judgement;
  };

  const guard: EvidenceGuard = {
    name: 'evidence',
    looks: [],
    async prime() {
      const judgement = await look();
      return judgement ?? guard.last!;
    },
    async check() {
      let judgement: Judgement | undefined;
      try {
        judgement = await look();
      } catch (error) {
        if (error instanceof AbortError || options.signal?.aborted) throw error;
        errorsInARow++;
        const reason = `evidence could not be read: ${errorText(error)}`;
        const record = { at: clock.now(), verdict: 'error' as const, reason };
        guard.looks.push(record);
        options.onLook?.(record);
        if (isPermanent(error))
          return {
            fail: `evidence cannot be read, and waiting will not change that (${errorText(error)})`,
          };
        if (errorsInARow >= MAX_CONSECUTIVE_READ_ERRORS)
          return {
            fail: `evidence could not be read ${errorsInARow} times in a row (${errorText(error)})`,
          };
        options.onReadError?.(reason, errorsInARow);
        return 'ok';
      }
      if (judgement?.verdict === 'fail') return { fail: failReason(judgement) };
      return 'ok';
    },
  };
  return guard;
}

/** Evidence time the budget may already have been spent on, by the run this one resumed. */
function alreadySpentMs(options: EvidenceGuardOptions): number {
  if (options.resumedAt === undefined) return 0;
  const published = alignDown(options.resumedAt, options.config.periodS);
  return Math.max(0, published - options.startedAt);
}

/** "evidence: the error rate of version 4 is …": the judge's reason as part of a sentence. */
function failReason(judgement: Judgement): string {
  const reason = judgement.reason.replace(/\.$/, '');
  const lowered = /^[A-Z][a-z]/.test(reason) ? reason[0].toLowerCase() + reason.slice(1) : reason;
  return `evidence from per-version metrics: ${lowered}`;
}
