// Readings of an alias' provisioned concurrency, as the unit tests of core/provisioned-concurrency
// use them.
import type { ManualClock } from '../../../src/core/clock.js';
import type { AllocationReading } from '../../../src/core/provisioned-concurrency.js';

export const ready: AllocationReading = {
  requested: 10,
  available: 10,
  allocated: 10,
  status: 'READY',
};
export const inProgress: AllocationReading = { requested: 10, allocated: 4, status: 'IN_PROGRESS' };
export const failed: AllocationReading = {
  requested: 10,
  allocated: 4,
  status: 'FAILED',
  statusReason: 'Insufficient unreserved concurrency',
};

/** The cause of a shift whose 10% allocation ended `failed`: a guard, as a failed alarm is. */
export const failedAtCanary = {
  kind: 'guard',
  guard: 'provisioned concurrency',
  weight: 0.1,
  reason: 'the provisioned concurrency allocation FAILED: Insufficient unreserved concurrency',
};

/** Answers by the time since `start`: each [untilMs, reading] in turn, the last for ever. */
export function timeline(clock: ManualClock, ...phases: [number, AllocationReading][]) {
  const start = clock.now();
  const read = async () => {
    read.count++;
    const t = clock.now() - start;
    return (phases.find(([until]) => t < until) ?? phases.at(-1)!)[1];
  };
  read.count = 0;
  return read;
}
