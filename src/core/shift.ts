// The shift loop: moves an alias from the previous version to the new one by plan, watching
// guards between steps, and ends with the alias fully on one version (or fails loudly with
// the exact alias state and the command that fixes it). Pure over ports and a Clock, so a
// 30-minute plan runs in milliseconds in tests.
import { type AliasState, type Routing, routingBetween, weightOf } from './alias-state.js';
import {
  AliasChangedError,
  type AliasPort,
  applyRouting,
  RestoreFailedError,
  restorePrevious,
  type UpdateOptions,
} from './alias-update.js';
import { AbortError, type Clock } from './clock.js';
import { type DeploymentStatus, encodeRecord } from './deployment-record.js';
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
  check(): Promise<'ok' | { fail: string }>;
}

/** Runs the hook configured for `phase`; the signal aborts it when the job is cancelled. */
export type HookRunner = (phase: HookPhase, signal: AbortSignal) => Promise<HookResult>;

export type FailureCause =
  | { kind: 'guard'; guard: string; reason: string; weight: number }
  | { kind: 'hook'; phase: HookPhase; reason: string; weight: number }
  | { kind: 'cancelled'; reason: string; weight: number }
  | { kind: 'error'; reason: string; weight: number };

export type ShiftOutcome =
  | { status: 'succeeded'; alias: AliasState }
  /** A guard failed, or the job was cancelled, before anything changed: no record, no shift. */
  | { status: 'refused'; cause: FailureCause; alias: AliasState }
  | { status: 'rolled-back'; cause: FailureCause; alias: AliasState }
  /** on-failure: halt. The alias is left where the failure found it, recorded as halted. */
  | { status: 'halted'; cause: FailureCause; alias: AliasState }
  /** Someone else changed the alias: nothing was overwritten. */
  | { status: 'stopped'; cause: FailureCause; error: AliasChangedError }
  | { status: 'restore-failed'; cause: FailureCause; error: RestoreFailedError };

export type ShiftEvent =
  | { type: 'recorded'; at: number; weight: number; status: DeploymentStatus }
  | { type: 'shifted'; at: number; weight: number; alias: AliasState }
  | { type: 'watching'; at: number; weight: number; holdMs: number }
  | { type: 'checked'; at: number; weight: number }
  | { type: 'hook'; at: number; weight: number; phase: HookPhase; result: HookResult }
  | { type: 'failed'; at: number; weight: number; cause: FailureCause }
  | { type: 'restored'; at: number; weight: number; alias: AliasState; changed: boolean }
  | { type: 'retry'; at: number; weight: number; error: unknown; attempt: number; delayMs: number };

export interface ShiftRequest {
  alias: AliasPort;
  /** The alias as read when the run decided to start or resume. */
  current: AliasState;
  plan: Plan;
  previousVersion: string;
  version: string;
  /** The new version's weight when the run begins (0, or a resumed run's weight). */
  startWeight: number;
  /** Epoch ms; a resumed run keeps the original start. */
  startedAt: number;
  runUrl?: string;
  guards: StepGuard[];
  hook?: HookRunner;
  pollIntervalMs: number;
  onFailure: 'rollback' | 'halt';
  clock: Clock;
  /** Aborts the wait at once (SIGINT): the alias is restored right away. */
  signal: AbortSignal;
  /** How long a restore after a cancel may keep retrying: inside the runner's 7.5 s. */
  cancelRestoreBudgetMs?: number;
  retry?: RetryPolicy;
  random?: () => number;
  onEvent?: (event: ShiftEvent) => void;
}

export const CANCEL_RESTORE_BUDGET_MS = 5_000;

export async function runShift(request: ShiftRequest): Promise<ShiftOutcome> {
  const { alias, plan, previousVersion, version, clock, signal } = request;
  let current = request.current;
  let weight = request.startWeight;
  const emit = (event: ShiftEvent): void => request.onEvent?.(event);
  const options: UpdateOptions = {
    clock,
    retry: request.retry,
    random: request.random,
    onRetry: (error, attempt, delayMs) =>
      emit({ type: 'retry', at: clock.now(), weight, error, attempt, delayMs }),
  };
  const description = (status: DeploymentStatus): string =>
    encodeRecord({
      previousVersion,
      version,
      strategy: plan.strategy,
      startedAt: request.startedAt,
      status,
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
        result = await guard.check();
      } catch (error) {
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

  const setRouting = async (routing: Routing, status: DeploymentStatus): Promise<void> => {
    current = await applyRouting(alias, current, routing, description(status), options);
  };

  async function finishFailed(cause: FailureCause): Promise<ShiftOutcome> {
    const partway = weight > 0 && cause.kind !== 'cancelled' && cause.kind !== 'error';
    if (request.onFailure === 'halt' && partway) {
      try {
        await setRouting(routingBetween(previousVersion, version, weight), 'halted');
        emit({ type: 'recorded', at: clock.now(), weight, status: 'halted' });
      } catch (error) {
        if (error instanceof AliasChangedError) return { status: 'stopped', cause, error };
        // The record could not say halted; the alias is still where the failure found it.
      }
      return { status: 'halted', cause, alias: current };
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
        alias,
        {
          functionName: current.functionName,
          alias: current.alias,
          previousVersion,
          version,
          description: description('rolled-back'),
        },
        restoreOptions,
      );
      weight = 0;
      emit({
        type: 'restored',
        at: clock.now(),
        weight: 0,
        alias: result.after,
        changed: result.changed,
      });
      return { status: 'rolled-back', cause, alias: result.after };
    } catch (error) {
      if (error instanceof RestoreFailedError) return { status: 'restore-failed', cause, error };
      throw error;
    }
  }

  try {
    if (weight === 0) {
      // An alarm already firing would roll back the first step at once: refuse to start.
      const cause = await checkGuards();
      if (cause) return { status: 'refused', cause, alias: current };
    }
    // Cancelled before anything changed: nothing to restore, and no record to write.
    if (signal.aborted && weight === 0)
      return {
        status: 'refused',
        cause: { kind: 'cancelled', reason: String(signal.reason ?? 'cancelled'), weight },
        alias: current,
      };
    if (signal.aborted) throw new AbortError(String(signal.reason ?? 'cancelled'));
    // Written before the first shift so any later job can see what is in flight.
    await setRouting(routingBetween(previousVersion, version, weight), 'in-progress');
    emit({ type: 'recorded', at: clock.now(), weight, status: 'in-progress' });

    if (weight === 0) {
      const cause = await runHook('before-traffic');
      if (cause) return await fail(cause);
    }
    for (let i = resumeIndex(plan, weight); i < plan.steps.length; i++) {
      const step = plan.steps[i];
      if (signal.aborted) throw new AbortError(String(signal.reason ?? 'cancelled'));
      await setRouting(routingBetween(previousVersion, version, step.weight), 'in-progress');
      weight = weightOf(current, version);
      emit({ type: 'shifted', at: clock.now(), weight, alias: current });
      if (step.holdMs > 0) {
        const cause = await watch(step.holdMs);
        if (cause) return await fail(cause);
      }
    }
    const cause = await runHook('after-traffic');
    if (cause) return await fail(cause);
    await setRouting({ primaryVersion: version }, 'succeeded');
    emit({ type: 'recorded', at: clock.now(), weight, status: 'succeeded' });
    return { status: 'succeeded', alias: current };
  } catch (error) {
    if (error instanceof AliasChangedError) {
      const cause: FailureCause = { kind: 'error', reason: error.message, weight };
      emit({ type: 'failed', at: clock.now(), weight, cause });
      return { status: 'stopped', cause, error };
    }
    if (signal.aborted || error instanceof AbortError) {
      return fail({ kind: 'cancelled', reason: String(signal.reason ?? errorText(error)), weight });
    }
    return fail({ kind: 'error', reason: errorText(error), weight });
  }
}
