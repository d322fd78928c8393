// shift-traffic's wiring of the alias' provisioned concurrency: the one start-up read, and the
// readiness each step waits on when the alias has it. The decisions (what READY means, how
// long to wait, which failures of the start-up read only warn) are in
// core/provisioned-concurrency.ts (with the AWS documentation they rest on) and
// core/allocation-readiness.ts.
import { systemClock } from '../core/clock.js';
import { formatDuration } from '../core/inputs.js';
import {
  type AllocationReading,
  describeAllocation,
  type ReadAllocation,
} from '../core/provisioned-concurrency.js';
import { allocationReadiness, unreadableWarning } from '../core/allocation-readiness.js';
import { type RetryOptions, withRetry } from '../core/retry.js';
import type { StepReadiness } from '../core/shift.js';
import type { Reporter } from '../adapters/report.js';
import type { ShiftInputs } from './inputs.js';

export async function provisionedReadiness(
  readPc: ReadAllocation,
  inputs: ShiftInputs,
  region: string,
  reporter: Reporter,
  retry: RetryOptions,
): Promise<{ atStart?: AllocationReading; readiness?: StepReadiness }> {
  const where = `${inputs.functionName}:${inputs.alias}`;
  // One GetProvisionedConcurrencyConfig: an alias without it never waits and is not read again.
  const atStart = await withRetry(readPc, retry).catch((error: unknown) => {
    const warning = unreadableWarning(error, where, 'the steps do not wait for it');
    if (!warning) throw error;
    reporter.warning(warning.message, warning.title);
    return undefined;
  });
  if (!atStart) return {};
  reporter.info(
    `${where} has ${describeAllocation(atStart)}; each step waits up to ${formatDuration(inputs.provisionedConcurrencyTimeoutMs)} for it to be READY.`,
  );
  let last = '';
  const readiness = allocationReadiness({
    // After a shift the read ends with the cancel; after a restore (signal unset) it must
    // not, and gets two short tries so a hung read cannot hold up the runner's window.
    read: (signal) =>
      signal
        ? withRetry(readPc, retry)
        : withRetry(readPc, {
            clock: systemClock,
            policy: { attempts: 2, baseMs: 100, capMs: 200 },
            attemptTimeoutMs: 1_500,
          }),
    clock: systemClock,
    functionName: inputs.functionName,
    alias: inputs.alias,
    region,
    timeoutMs: inputs.provisionedConcurrencyTimeoutMs,
    pollMs: inputs.pollIntervalMs,
    onReading: (reading) => {
      const text = describeAllocation(reading);
      if (text !== last) reporter.info(`  ${text}`);
      last = text;
    },
  });
  return { atStart, readiness };
}
