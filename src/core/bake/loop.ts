// The bake: look at the evidence every poll until it decides (when, is ending.ts's rule). Each poll is Pass, Fail,
// Inconclusive or Error, kept apart: a metrics API that cannot be read is Error, never a
// bad canary and never a pass. An error waiting cannot cure (a missing permission, bad
// credentials) ends the bake at the poll that meets it: polling on until max-bake-time would
// only delay the same verdict by half an hour. The loop changes nothing; the caller acts on
// the outcome.
import type { AlarmJudgement } from '../alarms.js';
import { AbortError, type Clock } from '../clock.js';
import { nextStep, type PollVerdict } from './ending.js';
import type { Judgement, RoutedWeight } from './judge.js';
import { type BakeSubject, evidenceLooker, type ReadMetrics, subjectOf } from './look.js';
import type { MetricsReading } from './observations.js';
import { errorText } from '../error-text.js';
import { isPermanent } from '../retry.js';

export type { PollVerdict } from './ending.js';

/** What the loop needs from the outside world; the adapters implement it. */
export interface EvidencePorts {
  readMetrics: ReadMetrics;
  /** Absent when no alarms were chosen. */
  readAlarms?(signal?: AbortSignal): Promise<AlarmJudgement>;
}

export interface PollRecord {
  at: string;
  /** ms since the bake started. */
  elapsedMs: number;
  verdict: PollVerdict;
  reason: string;
}

export interface BakeOutcome {
  verdict: PollVerdict;
  reason: string;
  /** The last judgement made (undefined when no poll could read the evidence). */
  judgement?: Judgement;
  reading?: MetricsReading;
  polls: PollRecord[];
  elapsedMs: number;
}

export interface BakeRun extends BakeSubject {
  /** The new version's weight on a split alias, for the traffic-share check. */
  routedWeight?: RoutedWeight;
  pollIntervalMs: number;
  clock: Clock;
  ports: EvidencePorts;
  signal?: AbortSignal;
  onPoll?: (poll: PollRecord, judgement?: Judgement) => void;
}

export async function runBake(run: BakeRun): Promise<BakeOutcome> {
  const { config, clock } = run;
  const polls: PollRecord[] = [];
  let judgement: Judgement | undefined;
  let reading: MetricsReading | undefined;
  const looker = evidenceLooker({
    ...subjectOf(run),
    readMetrics: run.ports.readMetrics,
    routedWeight: () => run.routedWeight,
  });
  for (;;) {
    if (run.signal?.aborted) throw new AbortError(String(run.signal.reason ?? 'aborted'));
    const now = clock.now();
    const elapsedMs = now - run.bakeStart;
    let poll: PollRecord;
    let permanent = false;
    try {
      // The alarms are read at every poll; the metrics only when a period has ended.
      const [metrics, alarms] = await Promise.all([
        looker.read(now, run.signal),
        run.ports.readAlarms?.(run.signal),
      ]);
      reading = metrics.reading;
      judgement = looker.judge(now, reading, alarms);
      poll = {
        at: new Date(now).toISOString(),
        elapsedMs,
        verdict: judgement.verdict,
        reason: judgement.reason,
      };
    } catch (error) {
      if (error instanceof AbortError || run.signal?.aborted)
        throw error instanceof AbortError ? error : new AbortError(String(run.signal?.reason));
      permanent = isPermanent(error);
      poll = {
        at: new Date(now).toISOString(),
        elapsedMs,
        verdict: 'error',
        reason: unreadableReason(error),
      };
      judgement = undefined;
    }
    const next = nextStep({
      config,
      bakeStart: run.bakeStart,
      elapsedMs,
      pollIntervalMs: run.pollIntervalMs,
      verdict: poll.verdict,
      reason: poll.reason,
      permanent,
      ...(judgement ? { judgement } : {}),
    });
    if ('dueMs' in next && next.note) poll.reason = `${poll.reason} (${next.note})`;
    polls.push(poll);
    run.onPoll?.(poll, judgement);
    if ('end' in next)
      return { verdict: next.end, reason: next.reason, judgement, reading, polls, elapsedMs };
    // Look again after poll-interval, and exactly when the bake (or its extension) is due.
    await clock.sleep(
      Math.max(1, Math.min(run.pollIntervalMs, run.bakeStart + next.dueMs - clock.now())),
      run.signal,
    );
  }
}

/** Why a poll could not read the evidence; for a permanent error, that waiting is no cure. */
export function unreadableReason(error: unknown): string {
  return isPermanent(error)
    ? `The evidence cannot be read, and waiting will not change that: ${errorText(error).replace(/\.$/, '')}.`
    : `The evidence could not be read: ${errorText(error)}`;
}

/**
 * The outcome of a bake that ended before its first poll on a permanent error (the alarms
 * read before baking, to refuse a typo, were denied): Error, like the poll that meets it.
 */
export function unreadableOutcome(error: unknown, elapsedMs: number): BakeOutcome {
  return { verdict: 'error', reason: unreadableReason(error), polls: [], elapsedMs };
}
