// Provisioned concurrency on an alias, as the simulated Lambda keeps it. After every change of
// the alias' versions or weights Lambda re-allocates it between the versions (the Lambda API
// reference: AllocatedProvisionedConcurrentExecutions "fluctuates" while a weighted alias is
// used in linear and canary deployments), so the status goes IN_PROGRESS and, `readyAfterMs`
// later, READY; or FAILED with a StatusReason when the test asks for it. With `staleForMs`,
// Lambda takes a change up late: for that long after it GetProvisionedConcurrencyConfig still
// answers what it showed before (READY, usually), and the re-allocation starts only then, the
// window in which a READY read right after UpdateAlias describes the old routing. Answers the shapes of
// Get/Put/DeleteProvisionedConcurrencyConfig (/2019-09-30/functions/{fn}/provisioned-concurrency).
import { SimError } from './errors.js';
type Params = Record<string, unknown>;

export interface ProvisionedOptions {
  /** How long each re-allocation (and the first one) stays IN_PROGRESS. Default 0. */
  readyAfterMs?: number;
  /** The next re-allocations end FAILED with this StatusReason. */
  failWith?: string;
  /** How many re-allocations fail with `failWith`; default 1, Infinity for all. */
  failTimes?: number;
  /** How long after each change of routing the answer before it is still shown. Default 0. */
  staleForMs?: number;
}

export interface ProvisionedRecord {
  requested: number;
  readyAfterMs: number;
  failWith?: string;
  failsLeft: number;
  /** When the current allocation began, and what was allocated then. */
  since: number;
  from: number;
  /** Set when the current allocation is to fail. */
  failing?: string;
  staleForMs: number;
  /** Until when (epoch ms) `staleAnswer` is what a read gets. */
  staleUntil?: number;
  staleAnswer?: Params;
  lastModified: string;
}

export function newProvisioned(
  requested: number,
  options: ProvisionedOptions,
  now: number,
): ProvisionedRecord {
  if (!Number.isInteger(requested) || requested < 1)
    throw new SimError(
      'InvalidParameterValueException',
      400,
      'ProvisionedConcurrentExecutions must be an integer of at least 1.',
    );
  const record: ProvisionedRecord = {
    requested,
    readyAfterMs: options.readyAfterMs ?? 0,
    ...(options.failWith ? { failWith: options.failWith } : {}),
    failsLeft: options.failWith ? (options.failTimes ?? 1) : 0,
    staleForMs: options.staleForMs ?? 0,
    since: now,
    from: 0,
    lastModified: new Date(now).toISOString().replace('Z', '+0000'),
  };
  // The first allocation never fails: `failWith` is for the re-allocations that follow.
  return record;
}

/** The alias' routing changed: a new allocation starts from what is allocated now. */
export function reallocate(record: ProvisionedRecord, now: number, allocatedNow?: number): void {
  const from = allocatedNow ?? allocated(record, now);
  if (record.staleForMs > 0) {
    record.staleAnswer = provisionedWire(record, now);
    record.staleUntil = now + record.staleForMs;
  }
  record.from = from;
  record.since = now + record.staleForMs;
  delete record.failing;
  if (record.failWith && record.failsLeft > 0) {
    record.failsLeft--;
    record.failing = record.failWith;
  }
}

function allocated(record: ProvisionedRecord, now: number): number {
  const done =
    record.readyAfterMs <= 0
      ? 1
      : Math.min(1, Math.max(0, (now - record.since) / record.readyAfterMs));
  // A failed allocation keeps what it had; a running one moves toward the request.
  if (record.failing) return record.from;
  return Math.round(record.from + (record.requested - record.from) * done);
}

function status(record: ProvisionedRecord, now: number): 'IN_PROGRESS' | 'READY' | 'FAILED' {
  if (now - record.since < record.readyAfterMs) return 'IN_PROGRESS';
  return record.failing ? 'FAILED' : 'READY';
}

export function provisionedWire(record: ProvisionedRecord, now: number): Params {
  if (record.staleAnswer && record.staleUntil !== undefined && now < record.staleUntil)
    return { ...record.staleAnswer };
  const s = status(record, now);
  const a = allocated(record, now);
  return {
    RequestedProvisionedConcurrentExecutions: record.requested,
    AvailableProvisionedConcurrentExecutions: a,
    AllocatedProvisionedConcurrentExecutions: a,
    Status: s,
    ...(s === 'FAILED' ? { StatusReason: record.failing } : {}),
    LastModified: record.lastModified,
  };
}

export function noProvisioned(arn: string): SimError {
  return new SimError(
    'ProvisionedConcurrencyConfigNotFoundException',
    404,
    `No Provisioned Concurrency Config found for this function: ${arn}`,
  );
}
