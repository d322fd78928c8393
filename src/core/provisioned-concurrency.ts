// Provisioned concurrency on the alias being shifted: is the allocation ready for the weights
// just set, how long to wait for it, and how it reads in the log and the summary. Pure over an
// injected read and Clock; the Lambda call is in adapters/provisioned-concurrency.ts.
//
// What this relies on, from AWS's Lambda API reference:
// - GetProvisionedConcurrencyConfig (GET /2019-09-30/functions/{FunctionName}/provisioned-concurrency
//   ?Qualifier=..., https://docs.aws.amazon.com/lambda/latest/api/API_GetProvisionedConcurrencyConfig.html)
//   takes a version number or an alias name as Qualifier and answers
//   RequestedProvisionedConcurrentExecutions, AvailableProvisionedConcurrentExecutions,
//   AllocatedProvisionedConcurrentExecutions, Status (IN_PROGRESS | READY | FAILED) and, "for
//   failed allocations", StatusReason; ProvisionedConcurrencyConfigNotFoundException when the
//   qualifier has none.
// - AllocatedProvisionedConcurrentExecutions: "When a weighted alias is used during linear and
//   canary deployments, this value fluctuates depending on the amount of concurrency that is
//   provisioned for the function versions"
//   (https://docs.aws.amazon.com/lambda/latest/api/API_ProvisionedConcurrencyConfigListItem.html):
//   Lambda re-allocates the alias' provisioned concurrency between its versions when the weights
//   change. The reference does not say how it splits it, so the decision rests on Status alone
//   (READY: the allocation for the alias as it is now is done) and the numbers are only reported.
import { shellQuote } from './traffic-target.js';
import { AbortError, type Clock } from './clock.js';
import type { StepReadiness } from './shift.js';
import { permanentKind } from './retry.js';

export type ProvisionedConcurrencyStatus = 'IN_PROGRESS' | 'READY' | 'FAILED';

/** One GetProvisionedConcurrencyConfig answer for the alias. */
export interface AllocationReading {
  requested: number;
  available?: number;
  allocated: number;
  /** Lambda's Status; anything unknown is treated like IN_PROGRESS (not yet ready). */
  status: string;
  statusReason?: string;
}

/** Reads the alias' configuration; undefined when it has none (the NotFound answer). */
export type ReadAllocation = (signal?: AbortSignal) => Promise<AllocationReading | undefined>;

export type AllocationVerdict =
  { kind: 'ready' } | { kind: 'wait' } | { kind: 'failed'; reason: string };

export function judgeAllocation(reading: AllocationReading): AllocationVerdict {
  if (reading.status === 'READY') return { kind: 'ready' };
  if (reading.status === 'FAILED')
    return { kind: 'failed', reason: reading.statusReason || 'Lambda gave no StatusReason' };
  return { kind: 'wait' };
}

/** "provisioned concurrency READY: 10 of 10 allocated" (the summary's and the log's words). */
export function describeAllocation(reading: AllocationReading): string {
  const available =
    reading.available !== undefined && reading.available !== reading.allocated
      ? `, ${reading.available} available`
      : '';
  const reason = reading.statusReason ? ` (${reading.statusReason})` : '';
  return `provisioned concurrency ${reading.status}: ${reading.allocated} of ${reading.requested} allocated${available}${reason}`;
}

/** The command that shows the allocation now. Shown, never run. */
export function allocationCommand(functionName: string, alias: string, region?: string): string {
  return (
    `aws lambda get-provisioned-concurrency-config --function-name ${shellQuote(functionName)} --qualifier ${shellQuote(alias)}` +
    (region ? ` --region ${region}` : '')
  );
}

/** What a person does when the allocation is not READY: look, then what to change. */
export function allocationFix(
  functionName: string,
  alias: string,
  region?: string,
  requested?: number,
): string {
  return (
    `Look with: ${allocationCommand(functionName, alias, region)}. ` +
    `IN_PROGRESS: wait until it shows READY. FAILED: fix what StatusReason names (usually the account's or function's concurrency limit), ` +
    `then set it again once the alias routes to one version: aws lambda put-provisioned-concurrency-config --function-name ${shellQuote(functionName)} --qualifier ${shellQuote(alias)} --provisioned-concurrent-executions ${requested ?? '<n>'}.`
  );
}

export const DEFAULT_ALLOCATION_POLL_MS = 5_000;

export interface WaitRequest {
  read: ReadAllocation;
  clock: Clock;
  /** How long the allocation may take before the wait gives up. */
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** Every reading, for the log. */
  onReading?: (reading: AllocationReading) => void;
}

export type WaitResult =
  /** `reading` undefined: the alias has no provisioned concurrency (any more). */
  | { ok: true; reading?: AllocationReading; waitedMs: number }
  | { ok: false; reason: string; reading?: AllocationReading; waitedMs: number };

/**
 * Reads at once, then every poll, until READY, FAILED or the timeout. A read that throws
 * fails the wait: a wait that cannot look has not seen the allocation ready. A cancel
 * (signal) throws AbortError, as every other wait of a shift does.
 */
export async function waitForAllocation(request: WaitRequest): Promise<WaitResult> {
  const { clock, timeoutMs } = request;
  const pollMs = request.pollMs ?? DEFAULT_ALLOCATION_POLL_MS;
  const start = clock.now();
  const waited = (): number => clock.now() - start;
  let last: AllocationReading | undefined;
  for (;;) {
    let reading: AllocationReading | undefined;
    try {
      reading = await request.read(request.signal);
    } catch (error) {
      if (request.signal?.aborted) throw new AbortError(String(request.signal.reason));
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return {
        ok: false,
        reason: `could not read the provisioned concurrency (${text})`,
        ...(last ? { reading: last } : {}),
        waitedMs: waited(),
      };
    }
    if (!reading) return { ok: true, waitedMs: waited() };
    last = reading;
    request.onReading?.(reading);
    const verdict = judgeAllocation(reading);
    if (verdict.kind === 'ready') return { ok: true, reading, waitedMs: waited() };
    if (verdict.kind === 'failed')
      return {
        ok: false,
        reason: `the provisioned concurrency allocation FAILED: ${verdict.reason}`,
        reading,
        waitedMs: waited(),
      };
    const left = timeoutMs - waited();
    if (left <= 0)
      return {
        ok: false,
        reason: `the provisioned concurrency was not READY after ${Math.round(timeoutMs / 1000)}s (${describeAllocation(reading)})`,
        reading,
        waitedMs: waited(),
      };
    await clock.sleep(Math.min(pollMs, left), request.signal);
  }
}

/** A cancelled run's restore has the runner's 7.5 s: the allocation gets one short look. */
export const CANCEL_ALLOCATION_WAIT_MS = 1_500;

export interface AllocationReadinessOptions {
  read: ReadAllocation;
  clock: Clock;
  functionName: string;
  alias: string;
  region?: string;
  timeoutMs: number;
  pollMs?: number;
  onReading?: (reading: AllocationReading) => void;
}

/**
 * The shift's readiness for an alias with provisioned concurrency: after each change of
 * weights, wait (up to the timeout) for READY; after a restore, the same, or the state and
 * the command that fixes it.
 */
export function allocationReadiness(options: AllocationReadinessOptions): StepReadiness {
  const { functionName, alias, region } = options;
  const wait = (timeoutMs: number, signal?: AbortSignal): Promise<WaitResult> =>
    waitForAllocation({
      read: options.read,
      clock: options.clock,
      timeoutMs,
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      ...(signal ? { signal } : {}),
      ...(options.onReading ? { onReading: options.onReading } : {}),
    });
  const detail = (result: WaitResult & { ok: true }): string =>
    result.reading
      ? describeAllocation(result.reading)
      : 'the alias has no provisioned concurrency any more';
  return {
    name: 'provisioned concurrency',
    async afterShift(_weight, signal) {
      const result = await wait(options.timeoutMs, signal);
      return result.ok
        ? { ok: true, detail: detail(result) }
        : { ok: false, reason: result.reason };
    },
    async afterRestore(cancelled) {
      const result = await wait(cancelled ? CANCEL_ALLOCATION_WAIT_MS : options.timeoutMs);
      if (result.ok) return { ok: true, detail: `after the restore, ${detail(result)}` };
      return {
        ok: false,
        reason: `The alias is restored, but after the restore ${result.reason}. ${allocationFix(functionName, alias, region, result.reading?.requested)}`,
      };
    },
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
