// The bake: look at the evidence every poll until it decides. Each poll is Pass, Fail,
// Inconclusive or Error, kept apart: a metrics API that cannot be read is Error, never a
// bad canary and never a pass. An error waiting cannot cure (a missing permission, bad
// credentials) ends the bake at the poll that meets it: polling on until max-bake-time would
// only delay the same verdict by half an hour. The loop changes nothing; the caller acts on
// the outcome.
import type { AlarmJudgement } from '../alarms.js';
import { AbortError, type Clock } from '../clock.js';
import { formatDuration } from '../inputs.js';
import type { BakeConfig } from './config.js';
import { judge, type BaselineSource, type Judgement, type Verdict } from './judge.js';
import { alignDown, type MetricsReading, pollWindow, type Window } from './observations.js';
import { errorText } from '../error-text.js';
import { isPermanent } from '../retry.js';

export type PollVerdict = Verdict | 'error';

/** What the loop needs from the outside world; the adapters implement it. */
export interface EvidencePorts {
  readMetrics(window: Window, signal?: AbortSignal): Promise<MetricsReading>;
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

export interface BakeRun {
  config: BakeConfig;
  version: string;
  previousVersion: string;
  bakeStart: number;
  deployStart: number;
  baselineSource: BaselineSource;
  pollIntervalMs: number;
  clock: Clock;
  ports: EvidencePorts;
  signal?: AbortSignal;
  onPoll?: (poll: PollRecord, judgement?: Judgement) => void;
}

export async function runBake(run: BakeRun): Promise<BakeOutcome> {
  const { config, clock } = run;
  const polls: PollRecord[] = [];
  let previousLookMs = 0;
  let judgement: Judgement | undefined;
  let reading: MetricsReading | undefined;
  for (;;) {
    if (run.signal?.aborted) throw new AbortError(String(run.signal.reason ?? 'aborted'));
    const now = clock.now();
    const elapsedMs = now - run.bakeStart;
    let poll: PollRecord;
    let permanent = false;
    try {
      const window = pollWindow({
        now,
        bakeStart: run.bakeStart,
        deployStart: run.deployStart,
        periodS: config.periodS,
        maxBakeTimeMs: config.maxBakeTimeMs,
      });
      const [metrics, alarms] = await Promise.all([
        run.ports.readMetrics(window, run.signal),
        run.ports.readAlarms?.(run.signal),
      ]);
      judgement = judge({
        config,
        version: run.version,
        previousVersion: run.previousVersion,
        bakeStart: run.bakeStart,
        deployStart: run.deployStart,
        now,
        baselineSource: run.baselineSource,
        reading: metrics,
        alarms,
        previousLookMs,
      });
      reading = metrics;
      previousLookMs = judgement.lookMs;
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
    polls.push(poll);
    run.onPoll?.(poll, judgement);
    const end = (verdict: PollVerdict, reason: string): BakeOutcome => ({
      verdict,
      reason,
      judgement,
      reading,
      polls,
      elapsedMs,
    });
    if (permanent) return end('error', poll.reason);
    if (poll.verdict === 'fail') return end('fail', poll.reason);
    if (elapsedMs >= config.bakeTimeMs) {
      // A pass needs metrics covering the whole bake, not just the clock: AWS/Lambda data
      // lands minutes late, so the bake waits for it (up to max-bake-time).
      const bakeEnd = alignDown(run.bakeStart + config.bakeTimeMs, config.periodS);
      const covered = run.bakeStart + (judgement?.lookMs ?? 0) >= bakeEnd;
      if (poll.verdict === 'pass' && covered) return end('pass', poll.reason);
      if (poll.verdict === 'pass' && elapsedMs >= config.maxBakeTimeMs) {
        const seen = formatDuration(judgement?.lookMs ?? 0);
        return end(
          'pass',
          `${poll.reason} (metrics had arrived for ${seen} of the bake by max-bake-time)`,
        );
      }
      if (
        poll.verdict !== 'pass' &&
        (config.onInconclusive !== 'extend' || elapsedMs >= config.maxBakeTimeMs)
      ) {
        const waited =
          elapsedMs > config.bakeTimeMs + run.pollIntervalMs
            ? ` after extending the bake to ${Math.round(elapsedMs / 1000)}s`
            : '';
        return end(poll.verdict, poll.reason + waited);
      }
    }
    // Look again after poll-interval, and exactly when the bake (or its extension) is due.
    const due = elapsedMs < config.bakeTimeMs ? config.bakeTimeMs : config.maxBakeTimeMs;
    await clock.sleep(
      Math.max(1, Math.min(run.pollIntervalMs, run.bakeStart + due - clock.now())),
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
