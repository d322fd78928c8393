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
//   change. The reference does not say how it splits it, so the decision rests on Status and the
//   numbers are only reported.
// - Nothing in the answer dates the allocation it describes. LastModified is "the date and time
//   that a user last updated the configuration" (a PutProvisionedConcurrencyConfig, which an
//   UpdateAlias is not, and which Lambda refuses on a weighted alias anyway); the counts are for
//   the alias as a whole, not per version, so "allocated matches requested" holds for the old
//   routing as well as the new. Lambda re-allocates asynchronously, so a read taken right after
//   an UpdateAlias may still show the allocation before it as READY. What this code relies on
//   instead (`reflectsChange`): a READY read after a change counts only once the wait has seen
//   Lambda take the change up (a status other than READY following a READY, the one before the
//   change or one seen since: it re-allocates), or once FRESH_READY_AFTER_MS have passed since
//   the change (a change too small to move any environment may never show IN_PROGRESS). AWS
//   documents no bound on that delay: FRESH_READY_AFTER_MS is a margin, not a documented figure.
//   FAILED is believed at once: failing closed only restores.
import { shellQuote } from './traffic-target.js';
import { AbortError, type Clock } from './clock.js';
import { parseDurationWithin } from './inputs.js';

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

/** An allocation that has not finished in an hour is stuck, not slow. */
export const MAX_ALLOCATION_TIMEOUT_MS = 60 * 60_000;

/** provisioned-concurrency-timeout, the same input in shift-traffic and rollback. */
export function parseAllocationTimeout(raw: string): number {
  return parseDurationWithin(
    'provisioned-concurrency-timeout',
    raw || '5m',
    1000,
    MAX_ALLOCATION_TIMEOUT_MS,
  );
}

/**
 * How long after a change of routing a READY that never went through another status is taken
 * to be the allocation for the new routing (see the header: a margin, not an AWS figure).
 */
export const FRESH_READY_AFTER_MS = 10_000;

/**
 * Whether a READY read at `now` can describe the allocation for the routing set at
 * `changedAt`: `reallocating` says the wait saw another status since the change.
 */
export function reflectsChange(
  changedAt: number | undefined,
  reallocating: boolean,
  now: number,
  freshAfterMs = FRESH_READY_AFTER_MS,
): boolean {
  return changedAt === undefined || reallocating || now - changedAt >= freshAfterMs;
}

export interface WaitRequest {
  read: ReadAllocation;
  clock: Clock;
  /** How long the allocation may take before the wait gives up. */
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  /**
   * When the alias' routing last changed (epoch ms), when the wait follows a change: READY
   * then counts only once it reflects that change (`reflectsChange`). Unset: any READY counts.
   */
  changedAt?: number;
  /**
   * The status last seen before the change, when known. Only a change from READY makes a later
   * IN_PROGRESS evidence that Lambda took the change up: after a change from IN_PROGRESS
   * (a restore after a timeout) it may still be the old allocation's, whose READY would say
   * nothing about the new routing, so then READY counts only after the margin or after a
   * READY -> IN_PROGRESS seen within this wait.
   */
  statusBefore?: string;
  freshAfterMs?: number;
  /** Every reading, for the log. */
  onReading?: (reading: AllocationReading) => void;
}

export type WaitResult =
  /** `reading` undefined: the alias has no provisioned concurrency (any more). */
  | { ok: true; reading?: AllocationReading; waitedMs: number }
  | { ok: false; reason: string; reading?: AllocationReading; waitedMs: number };

/**
 * Reads at once, then every poll, until READY for the routing set at `changedAt`, FAILED or
 * the timeout. A read that throws fails the wait: a wait that cannot look has not seen the
 * allocation ready. FAILED is believed at once, even if it could be the old allocation's:
 * failing closed only restores. A cancel (signal) throws AbortError, as every other wait of a
 * shift does.
 */
export async function waitForAllocation(request: WaitRequest): Promise<WaitResult> {
  const { clock, timeoutMs } = request;
  const pollMs = request.pollMs ?? DEFAULT_ALLOCATION_POLL_MS;
  const freshAfterMs = request.freshAfterMs ?? FRESH_READY_AFTER_MS;
  const start = clock.now();
  // A change recorded by another machine's clock may lie ahead of this one: never later than now.
  const changedAt =
    request.changedAt === undefined ? undefined : Math.min(request.changedAt, start);
  const waited = (): number => clock.now() - start;
  let last: AllocationReading | undefined;
  let reallocating = false;
  let seenReady = request.statusBefore === undefined || request.statusBefore === 'READY';
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
    if (verdict.kind === 'failed')
      return {
        ok: false,
        reason: `the provisioned concurrency allocation FAILED: ${verdict.reason}`,
        reading,
        waitedMs: waited(),
      };
    if (verdict.kind === 'wait' && seenReady) reallocating = true;
    if (verdict.kind === 'ready') seenReady = true;
    const fresh = reflectsChange(changedAt, reallocating, clock.now(), freshAfterMs);
    if (verdict.kind === 'ready' && fresh) return { ok: true, reading, waitedMs: waited() };
    const left = timeoutMs - waited();
    if (left <= 0)
      return {
        ok: false,
        reason:
          verdict.kind === 'ready'
            ? `the provisioned concurrency was not seen READY for the new routing within ${Math.round(timeoutMs / 1000)}s: ` +
              `it showed READY without re-allocating, which Lambda also shows for a while after a change before taking it up (${describeAllocation(reading)})`
            : `the provisioned concurrency was not READY after ${Math.round(timeoutMs / 1000)}s (${describeAllocation(reading)})`,
        reading,
        waitedMs: waited(),
      };
    // A READY not yet trusted is read again as soon as it would be.
    const untilFresh =
      verdict.kind === 'ready' && changedAt !== undefined
        ? Math.max(1, changedAt + freshAfterMs - clock.now())
        : Infinity;
    await clock.sleep(Math.min(pollMs, left, untilFresh), request.signal);
  }
}
