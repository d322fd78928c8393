// The shift loop: moves an alias from the previous version to the new one by plan, watching
// guards between steps, and ends with the alias fully on one version (or fails loudly with
// the exact alias state and the command that fixes it). Pure over ports and a Clock, so a
// 30-minute plan runs in milliseconds in tests.
import { isSplit, type Routing, routingBetween, weightOf } from './routing.js';
import {
  applyRouting,
  changedTargetFix,
  RestoreFailedError,
  restorePrevious,
  TargetChangedError,
  type UpdateOptions,
} from './routing-update.js';
import type { TargetState, TrafficTarget } from './traffic-target.js';
import { AbortError, type Clock } from './clock.js';
import {
  type DeploymentOwner,
  type DeploymentStatus,
  decodeRecord,
  describeOwner,
  encodeRecord,
} from './deployment-record.js';
import type { HookPhase, HookResult } from './hook.js';
import { type RetryPolicy } from './retry.js';
import { type Plan, resumeIndex } from './strategy.js';
import { errorText } from './error-text.js';

/**
 * Something checked between steps. The alarm guard comes first; bake-and-watch's evidence
 * judgement can be added after it. A thrown error counts as a failure: a guard that cannot
 * look is not a guard that saw nothing wrong.
 */
export interface StepGuard {
  readonly name: string;
  /** `signal` ends a read at once when the job is cancelled. */
  check(signal?: AbortSignal): Promise<'ok' | { fail: string }>;
}

/**
 * Waited on after every change of the alias' weights and after a restore (the alias'
 * provisioned concurrency re-allocating). A failure after a shift fails the step exactly as
 * a failed guard does; one after a restore is reported with the rolled-back outcome.
 * `detail` (when set) goes to the timeline; undefined means there was nothing to wait for.
 */
export interface StepReadiness {
  readonly name: string;
  /**
   * `changedAt`: when the target was set to `weight` (epoch ms), so that what the readiness
   * reads is known to be about that routing and not the one before it.
   */
  afterShift(weight: number, signal: AbortSignal, changedAt: number): Promise<ReadinessResult>;
  /**
   * `cancelled`: the job was cancelled, so only a short look fits in the runner's window.
   * `changedAt` unset: the restore found the target already on the previous version.
   */
  afterRestore(cancelled: boolean, changedAt?: number): Promise<ReadinessResult>;
}

export type ReadinessResult = { ok: true; detail?: string } | { ok: false; reason: string };

/** Runs the hook configured for `phase`; the signal aborts it when the job is cancelled. */
export type HookRunner = (phase: HookPhase, signal: AbortSignal) => Promise<HookResult>;

export type FailureCause =
  | { kind: 'guard'; guard: string; reason: string; weight: number }
  | { kind: 'hook'; phase: HookPhase; reason: string; weight: number }
  | { kind: 'cancelled'; reason: string; weight: number }
  | { kind: 'error'; reason: string; weight: number };

export type ShiftOutcome =
  | { status: 'succeeded'; state: TargetState }
  /** A guard failed, or the job was cancelled, before anything changed: no record, no shift. */
  | { status: 'refused'; cause: FailureCause; state: TargetState }
  /** `notReady`: restored, but the readiness after the restore failed (what and how to fix it). */
  | { status: 'rolled-back'; cause: FailureCause; state: TargetState; notReady?: string }
  /** on-failure: halt. The alias is left where the failure found it, recorded as halted. */
  | { status: 'halted'; cause: FailureCause; state: TargetState }
  /**
   * Someone else changed the alias: nothing of theirs was overwritten. `message` says what
   * the alias shows, what became of the record, and the commands that fix it.
   */
  | { status: 'stopped'; cause: FailureCause; error: TargetChangedError; message: string }
  | { status: 'restore-failed'; cause: FailureCause; error: RestoreFailedError };

export type ShiftEvent =
  | { type: 'recorded'; at: number; weight: number; status: DeploymentStatus }
  | { type: 'shifted'; at: number; weight: number; state: TargetState }
  | { type: 'watching'; at: number; weight: number; holdMs: number }
  /** A resumed run at a weight an earlier run set: `holdMs` of the step's watch is left. */
  | { type: 'resumed'; at: number; weight: number; holdMs: number; stepStartedAt?: number }
  | { type: 'checked'; at: number; weight: number }
  /** The readiness after a shift or a restore: its detail, or why it failed. */
  | { type: 'ready'; at: number; weight: number; ok: boolean; detail: string }
  | { type: 'hook'; at: number; weight: number; phase: HookPhase; result: HookResult }
  | { type: 'failed'; at: number; weight: number; cause: FailureCause }
  | { type: 'restored'; at: number; weight: number; state: TargetState; changed: boolean }
  | { type: 'retry'; at: number; weight: number; error: unknown; attempt: number; delayMs: number };

export interface ShiftRequest {
  target: TrafficTarget;
  /** The target as read when the run decided to start or resume. */
  current: TargetState;
  plan: Plan;
  previousVersion: string;
  version: string;
  /** The new version's weight when the run begins (0, or a resumed run's weight). */
  startWeight: number;
  /** Epoch ms; a resumed run keeps the original start. */
  startedAt: number;
  /**
   * A resumed run: when the alias was set to `startWeight`, as the record vouches for it.
   * Unset on a resume, the step's hold starts again; a resume never promotes faster than
   * the plan.
   */
  resumedStepStartedAt?: number;
  /** This run, recorded on the alias so no other run drives the deployment meanwhile. */
  owner: DeploymentOwner;
  runUrl?: string;
  guards: StepGuard[];
  readiness?: StepReadiness;
  hook?: HookRunner;
  pollIntervalMs: number;
  onFailure: 'rollback' | 'halt';
  clock: Clock;
  /** Aborts the wait at once (SIGINT): the alias is restored right away. */
  signal: AbortSignal;
  /** How long a restore after a cancel may keep retrying: inside the runner's 7.5 s. */
  cancelRestoreBudgetMs?: number;
  retry?: RetryPolicy;
  /** Real milliseconds one AWS call may take before it is given up and retried. */
  attemptTimeoutMs?: number;
  random?: () => number;
  onEvent?: (event: ShiftEvent) => void;
}

export const CANCEL_RESTORE_BUDGET_MS = 5_000;

export async function runShift(request: ShiftRequest): Promise<ShiftOutcome> {
  const { target, plan, previousVersion, version, clock, signal } = request;
  let current = request.current;
  let weight = request.startWeight;
  const resuming = weight > 0;
  // When the alias was set to `weight`: written with every record, so a run that resumes
  // after this one dies holds only what is left of the step.
  let stepStartedAt = request.resumedStepStartedAt ?? clock.now();
  const emit = (event: ShiftEvent): void => request.onEvent?.(event);
  const options: UpdateOptions = {
    clock,
    retry: request.retry,
    random: request.random,
    attemptTimeoutMs: request.attemptTimeoutMs,
    onRetry: (error, attempt, delayMs) =>
      emit({ type: 'retry', at: clock.now(), weight, error, attempt, delayMs }),
  };
  // Forward calls end at once on a cancel; the restore that follows must not.
  const forward: UpdateOptions = { ...options, signal };
  const recordOf = (status: DeploymentStatus, stepWeight: number, stepAt: number): string =>
    encodeRecord({
      previousVersion,
      version,
      strategy: plan.strategy,
      startedAt: request.startedAt,
      status,
      stepWeight,
      stepStartedAt: stepAt,
      owner: request.owner,
      ...(request.runUrl ? { runUrl: request.runUrl } : {}),
    });
  const fail = (cause: FailureCause): Promise<ShiftOutcome> => {
    emit({ type: 'failed', at: clock.now(), weight, cause });
    return finishFailed(cause);
  };

  const checkGuards = async (): Promise<FailureCause | undefined> => {
    for (const guard of request.guards) {
      let result: Awaited<ReturnType<StepGuard['check']>>;
      try {
        result = await guard.check(signal);
      } catch (error) {
        if (signal.aborted) throw new AbortError(String(signal.reason ?? 'cancelled'));
        return {
          kind: 'error',
          reason: `could not check ${guard.name}: ${errorText(error)}`,
          weight,
        };
      }
      if (result !== 'ok') return { kind: 'guard', guard: guard.name, reason: result.fail, weight };
    }
    emit({ type: 'checked', at: clock.now(), weight });
    return undefined;
  };

  /**
   * Waits on the readiness after a change of routing: after a shift (or at the weight a
   * resumed run starts from) a failure fails the step; after a restore it is reported with
   * the rolled-back outcome. A cancel ends only the wait after a shift: the restore follows.
   */
  const awaitReady = async (
    after: { shift: number } | { restore: boolean; changedAt?: number },
  ): Promise<FailureCause | undefined> => {
    const readiness = request.readiness;
    if (!readiness) return undefined;
    let result: ReadinessResult;
    try {
      result =
        'shift' in after
          ? await readiness.afterShift(weight, signal, after.shift)
          : await readiness.afterRestore(after.restore, after.changedAt);
    } catch (error) {
      if ('shift' in after && signal.aborted)
        throw new AbortError(String(signal.reason ?? 'cancelled'));
      return {
        kind: 'error',
        reason: `could not check ${readiness.name}: ${errorText(error)}`,
        weight,
      };
    }
    if (!result.ok || result.detail)
      emit({
        type: 'ready',
        at: clock.now(),
        weight,
        ok: result.ok,
        detail: result.ok ? result.detail! : result.reason,
      });
    return result.ok
      ? undefined
      : { kind: 'guard', guard: readiness.name, reason: result.reason, weight };
  };

  /** Checks at once, then every poll interval, and once more at the end of the hold. */
  const watch = async (holdMs: number): Promise<FailureCause | undefined> => {
    emit({ type: 'watching', at: clock.now(), weight, holdMs });
    const end = clock.now() + holdMs;
    for (;;) {
      const cause = await checkGuards();
      if (cause) return cause;
      const left = end - clock.now();
      if (left <= 0) return undefined;
      await clock.sleep(Math.min(request.pollIntervalMs, left), signal);
    }
  };

  const runHook = async (phase: HookPhase): Promise<FailureCause | undefined> => {
    if (!request.hook) return undefined;
    const result = await request.hook(phase, signal);
    if (signal.aborted) throw new AbortError(String(signal.reason ?? 'cancelled'));
    emit({ type: 'hook', at: clock.now(), weight, phase, result });
    return result.ok ? undefined : { kind: 'hook', phase, reason: result.reason, weight };
  };

  /** Every change of routing carries the record of it; a new weight starts a new step. */
  const setRouting = async (
    routing: Routing,
    status: DeploymentStatus,
    updateOptions = forward,
  ): Promise<void> => {
    const next = weightOf(routing, version);
    const at = Math.abs(next - weight) < 1e-9 ? stepStartedAt : clock.now();
    current = await applyRouting(
      target,
      current,
      routing,
      recordOf(status, next, at),
      updateOptions,
    );
    stepStartedAt = at;
  };

  /**
   * Someone else changed the alias. Nothing of theirs is overwritten; the record is marked
   * stopped only when it is still this run's (then only the description changes), so no
   * later run mistakes a deployment that gave up for one still in progress.
   */
  async function stopOnChange(
    error: TargetChangedError,
    cause: FailureCause,
  ): Promise<ShiftOutcome> {
    const found = error.found;
    const record = decodeRecord(found.record);
    const mine = record?.owner?.token === request.owner.token;
    // Another run is driving it now: any fix command would fight that run.
    const theirs = !mine && record?.status === 'in-progress';
    let note: string;
    if (mine) {
      try {
        current = await applyRouting(
          target,
          found,
          found,
          recordOf('stopped', weightOf(found, version), stepStartedAt),
          options,
        );
        note = 'The deployment record on the alias now says stopped.';
      } catch (writeError) {
        note = `The deployment record still says in-progress: marking it stopped failed (${errorText(writeError)}).`;
      }
    } else if (theirs) {
      note = `The alias now records a deployment by ${describeOwner(record!)}; this run left it alone.`;
    } else {
      note = "The alias no longer carries this run's deployment record, so it was left as found.";
    }
    const where = isSplit(found)
      ? changedTargetFix(target.commands, found, previousVersion, version)
      : `The alias is fully on version ${found.primaryVersion} (revision ${found.token}).`;
    const message = `${error.message} ${note} ${theirs ? '' : where}`.trim();
    return { status: 'stopped', cause, error, message };
  }

  async function finishFailed(cause: FailureCause): Promise<ShiftOutcome> {
    const partway = weight > 0 && cause.kind !== 'cancelled' && cause.kind !== 'error';
    if (request.onFailure === 'halt' && partway) {
      try {
        await setRouting(routingBetween(previousVersion, version, weight), 'halted', options);
        emit({ type: 'recorded', at: clock.now(), weight, status: 'halted' });
      } catch (error) {
        if (error instanceof TargetChangedError) return stopOnChange(error, cause);
        // The record could not say halted; the alias is still where the failure found it.
      }
      return { status: 'halted', cause, state: current };
    }
    const restoreOptions: UpdateOptions =
      cause.kind === 'cancelled'
        ? {
            ...options,
            retry: {
              attempts: 20,
              baseMs: 100,
              capMs: 1000,
              deadline: clock.now() + (request.cancelRestoreBudgetMs ?? CANCEL_RESTORE_BUDGET_MS),
            },
          }
        : options;
    try {
      const result = await restorePrevious(
        target,
        {
          previousVersion,
          version,
          record: recordOf('rolled-back', 0, clock.now()),
          lastSeen: current,
        },
        restoreOptions,
      );
      weight = 0;
      emit({
        type: 'restored',
        at: clock.now(),
        weight: 0,
        state: result.after,
        changed: result.changed,
      });
      const notReady = await awaitReady({
        restore: cause.kind === 'cancelled',
        ...(result.changed ? { changedAt: clock.now() } : {}),
      });
      return {
        status: 'rolled-back',
        cause,
        state: result.after,
        ...(notReady ? { notReady: notReady.reason } : {}),
      };
    } catch (error) {
      if (error instanceof RestoreFailedError) return { status: 'restore-failed', cause, error };
      throw error;
    }
  }

  /** A resumed run holds what is left of the step an earlier run set, checking first. */
  const resumeHold = (): number => {
    const step = plan.steps[resumeIndex(plan, weight) - 1];
    const holdMs = step?.holdMs ?? 0;
    if (request.resumedStepStartedAt === undefined) return holdMs;
    const elapsed = Math.max(0, clock.now() - request.resumedStepStartedAt);
    return Math.max(0, holdMs - elapsed);
  };

  try {
    if (!resuming) {
      // An alarm already firing would roll back the first step at once: refuse to start.
      const cause = await checkGuards();
      if (cause) return { status: 'refused', cause, state: current };
    }
    // Cancelled before anything changed: nothing to restore, and no record to write.
    if (signal.aborted && !resuming)
      return {
        status: 'refused',
        cause: { kind: 'cancelled', reason: String(signal.reason ?? 'cancelled'), weight },
        state: current,
      };
    if (signal.aborted) throw new AbortError(String(signal.reason ?? 'cancelled'));
    // Written before the first shift so any later job can see what is in flight and who is
    // driving it; with the RevisionId it is also the lock two racing runs contend for.
    await setRouting(routingBetween(previousVersion, version, weight), 'in-progress');
    emit({ type: 'recorded', at: clock.now(), weight, status: 'in-progress' });

    if (resuming) {
      const holdMs = resumeHold();
      emit({
        type: 'resumed',
        at: clock.now(),
        weight,
        holdMs,
        ...(request.resumedStepStartedAt !== undefined
          ? { stepStartedAt: request.resumedStepStartedAt }
          : {}),
      });
      // The weight an earlier run set is served as planned before it is held or judged; the
      // record's step start dates that routing (unknown: from now, the cautious end).
      const notReady = await awaitReady({ shift: request.resumedStepStartedAt ?? clock.now() });
      if (notReady) return await fail(notReady);
      // Checked before any weight change, even when nothing of the hold is left.
      const cause = await watch(holdMs);
      if (cause) return await fail(cause);
    } else {
      const cause = await runHook('before-traffic');
      if (cause) return await fail(cause);
    }
    for (let i = resumeIndex(plan, weight); i < plan.steps.length; i++) {
      const step = plan.steps[i];
      if (signal.aborted) throw new AbortError(String(signal.reason ?? 'cancelled'));
      await setRouting(routingBetween(previousVersion, version, step.weight), 'in-progress');
      weight = weightOf(current, version);
      emit({ type: 'shifted', at: clock.now(), weight, state: current });
      const notReady = await awaitReady({ shift: clock.now() });
      if (notReady) return await fail(notReady);
      if (step.holdMs > 0) {
        const cause = await watch(step.holdMs);
        if (cause) return await fail(cause);
      }
    }
    const cause = await runHook('after-traffic');
    if (cause) return await fail(cause);
    await setRouting({ primaryVersion: version }, 'succeeded');
    emit({ type: 'recorded', at: clock.now(), weight, status: 'succeeded' });
    return { status: 'succeeded', state: current };
  } catch (error) {
    if (error instanceof TargetChangedError) {
      const cause: FailureCause = { kind: 'error', reason: error.message, weight };
      emit({ type: 'failed', at: clock.now(), weight, cause });
      return stopOnChange(error, cause);
    }
    if (signal.aborted || error instanceof AbortError) {
      return fail({ kind: 'cancelled', reason: String(signal.reason ?? errorText(error)), weight });
    }
    return fail({ kind: 'error', reason: errorText(error), weight });
  }
}
