// shift-traffic's wiring of the alias' provisioned concurrency: the one start-up read, and the
// readiness each step waits on when the alias has it. The decisions (what READY means, how
// long to wait, which failures of the start-up read only warn) are in
// core/provisioned-concurrency.ts, with the AWS documentation they rest on.
import { systemClock } from '../core/clock.js';
import { errorText } from '../core/error-text.js';
import { formatDuration } from '../core/inputs.js';
import {
  allocationReadiness,
  type AllocationReading,
  describeAllocation,
  type ReadAllocation,
  unreadableAtStart,
} from '../core/provisioned-concurrency.js';
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
    const why = unreadableAtStart(error);
    if (!why) throw error;
    reporter.warning(
      `Could not read the provisioned concurrency of ${where} (${errorText(error)}): the steps do not wait for it. ` +
        (why === 'denied'
          ? 'Grant lambda:GetProvisionedConcurrencyConfig if the alias has provisioned concurrency.'
          : 'The endpoint does not serve GetProvisionedConcurrencyConfig.'),
      'Provisioned concurrency not read',
    );
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
