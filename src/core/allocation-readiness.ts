// The alias' provisioned concurrency as the steps that change routing wait on it: the shift's
// readiness after each change of weights, the check after a restore (shift-traffic, its post
// step, rollback), and which failures of a read only warn. What READY means and which READY is
// believed are in provisioned-concurrency.ts, with the AWS documentation they rest on.
import { AbortError, type Clock } from './clock.js';
import { errorText } from './error-text.js';
import {
  allocationFix,
  type AllocationReading,
  describeAllocation,
  type ReadAllocation,
  type WaitRequest,
  type WaitResult,
  waitForAllocation,
} from './provisioned-concurrency.js';
import { permanentKind } from './retry.js';
import type { ReadinessResult, StepReadiness } from './shift.js';

/**
 * A cancelled run's restore has the runner's 7.5 s: the allocation gets a short wait, read
 * every CANCEL_ALLOCATION_POLL_MS (a step's poll interval would allow one look).
 */
export const CANCEL_ALLOCATION_WAIT_MS = 1_500;
export const CANCEL_ALLOCATION_POLL_MS = 250;

export interface AllocationCheck {
  read: ReadAllocation;
  clock: Clock;
  functionName: string;
  alias: string;
  region?: string;
  pollMs?: number;
  freshAfterMs?: number;
  onReading?: (reading: AllocationReading) => void;
}

export interface AllocationReadinessOptions extends AllocationCheck {
  timeoutMs: number;
}

function waitRequest(
  options: AllocationCheck,
  timeoutMs: number,
  after: { changedAt?: number; statusBefore?: string; signal?: AbortSignal },
): WaitRequest {
  return {
    read: options.read,
    clock: options.clock,
    timeoutMs,
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.freshAfterMs !== undefined ? { freshAfterMs: options.freshAfterMs } : {}),
    ...(after.changedAt !== undefined ? { changedAt: after.changedAt } : {}),
    ...(after.statusBefore !== undefined ? { statusBefore: after.statusBefore } : {}),
    ...(after.signal ? { signal: after.signal } : {}),
    ...(options.onReading ? { onReading: options.onReading } : {}),
  };
}

function detail(result: WaitResult & { ok: true }): string {
  return result.reading
    ? describeAllocation(result.reading)
    : 'the alias has no provisioned concurrency any more';
}

/**
 * The shift's readiness for an alias with provisioned concurrency: after each change of
 * weights (and at the weight a resumed run starts from), wait up to the timeout for READY
 * for those weights; after a restore, the same, or the state and the command that fixes it.
 */
export function allocationReadiness(options: AllocationReadinessOptions): StepReadiness {
  // The status each wait last saw: what the allocation was before the next change.
  let statusBefore: string | undefined;
  const tracked: AllocationCheck = {
    ...options,
    onReading: (reading) => {
      statusBefore = reading.status;
      options.onReading?.(reading);
    },
  };
  return {
    name: 'provisioned concurrency',
    async afterShift(_weight, signal, changedAt) {
      const result = await waitForAllocation(
        waitRequest(tracked, options.timeoutMs, {
          changedAt,
          signal,
          ...(statusBefore !== undefined ? { statusBefore } : {}),
        }),
      );
      return result.ok
        ? { ok: true, detail: detail(result) }
        : { ok: false, reason: result.reason };
    },
    afterRestore: (cancelled, changedAt) =>
      allocationAfterRestore({
        ...tracked,
        timeoutMs: cancelled ? CANCEL_ALLOCATION_WAIT_MS : options.timeoutMs,
        ...(cancelled
          ? { pollMs: Math.min(options.pollMs ?? Infinity, CANCEL_ALLOCATION_POLL_MS) }
          : {}),
        ...(changedAt !== undefined ? { changedAt } : {}),
        ...(statusBefore !== undefined ? { statusBefore } : {}),
      }),
  };
}

export interface RestoreCheckOptions extends AllocationCheck {
  /** What the step can spend: the timeout input, or what is left of the runner's window. */
  timeoutMs: number;
  /** When the restore changed the routing; unset when it found the alias already restored. */
  changedAt?: number;
  /** The allocation's status last seen before the restore, when known (see WaitRequest). */
  statusBefore?: string;
  /**
   * A cancel ends the wait, not a read: an alias without provisioned concurrency still says
   * so, and one not yet READY fails the step with what is not known.
   */
  signal?: AbortSignal;
}

/**
 * After a restore (shift-traffic's, its post step's, rollback's): READY again for the
 * restored routing, polled until `timeoutMs`, or the reason with the state and the commands
 * to look and fix it. The one place a restore's allocation is judged and worded.
 */
export async function allocationAfterRestore(
  options: RestoreCheckOptions,
): Promise<ReadinessResult> {
  const { functionName, alias, region } = options;
  const restored = 'The alias is restored, but';
  let result: WaitResult;
  try {
    result = await waitForAllocation({
      ...waitRequest(options, options.timeoutMs, options),
      read: () => options.read(),
    });
  } catch (error) {
    if (!(error instanceof AbortError)) throw error;
    return {
      ok: false,
      reason: `${restored} the job was cancelled before its provisioned concurrency was seen READY again. ${allocationFix(functionName, alias, region)}`,
    };
  }
  if (result.ok) return { ok: true, detail: `after the restore, ${detail(result)}` };
  return {
    ok: false,
    reason: `${restored} after the restore ${result.reason}. ${allocationFix(functionName, alias, region, result.reading?.requested)}`,
  };
}

/**
 * The warning for a read of the provisioned concurrency that `unreadableAtStart` lets pass,
 * or undefined when the error must stop the step. `consequence` says what the step does
 * without it.
 */
export function unreadableWarning(
  error: unknown,
  where: string,
  consequence: string,
): { message: string; title: string } | undefined {
  const why = unreadableAtStart(error);
  if (!why) return undefined;
  return {
    message:
      `Could not read the provisioned concurrency of ${where} (${errorText(error)}): ${consequence}. ` +
      (why === 'denied'
        ? 'Grant lambda:GetProvisionedConcurrencyConfig if the alias has provisioned concurrency.'
        : 'The endpoint does not serve GetProvisionedConcurrencyConfig.'),
    title: 'Provisioned concurrency not read',
  };
}

/**
 * Why the start-up GetProvisionedConcurrencyConfig may fail without stopping the shift, or
 * undefined when the failure must stop it (nothing changed yet). The permission is needed
 * only for an alias with provisioned concurrency, so a role without it is warned and the
 * shift goes on without waiting; likewise an endpoint that does not serve the API at all (a
 * 404 that is not Lambda's typed answer: AWS always serves it, an emulator such as moto may
 * not). Any other failure (throttling past the retries, 5xx) stops the run before any change:
 * not knowing is not the same as having none.
 */
export function unreadableAtStart(error: unknown): 'denied' | 'unserved' | undefined {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  const name = e?.name ?? '';
  if (permanentKind(error) === 'denied') return 'denied';
  if (e?.$metadata?.httpStatusCode === 404 && name !== 'ResourceNotFoundException')
    return 'unserved';
  return undefined;
}
