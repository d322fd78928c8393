// The alias' provisioned concurrency after a restore (shift-traffic's, its post step's,
// rollback's): polled within the bound its step has, READY only for the restored routing, a
// cancel ending the wait; and one wording for a read that may only warn.
import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../src/core/clock.js';
import { FRESH_READY_AFTER_MS } from '../../../src/core/provisioned-concurrency.js';
import {
  allocationAfterRestore,
  allocationReadiness,
  unreadableWarning,
} from '../../../src/core/allocation-readiness.js';
import { inProgress, ready, timeline } from './allocation-readings.js';

const MINUTE = 60_000;

describe('the allocation after a restore', () => {
  const base = { functionName: 'orders', alias: 'live', region: 'eu-west-1' };

  it('is polled up to the bound it is given, then fails with the state and the fix command', async () => {
    const clock = new ManualClock();
    const read = timeline(clock, [Infinity, inProgress]);
    const result = await allocationAfterRestore({
      ...base,
      read,
      clock,
      timeoutMs: 4_000,
      pollMs: 250,
      changedAt: clock.now(),
    });
    expect(read.count).toBe(17);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(
      /^The alias is restored, but after the restore the provisioned concurrency was not READY after 4s \(provisioned concurrency IN_PROGRESS: 4 of 10 allocated\)\. Look with: aws lambda get-provisioned-concurrency-config --function-name orders --qualifier live --region eu-west-1\./,
    );
  });

  it('READY within the bound is the restore done', async () => {
    const clock = new ManualClock();
    const result = await allocationAfterRestore({
      ...base,
      read: timeline(clock, [2_000, inProgress], [Infinity, ready]),
      clock,
      timeoutMs: 4_000,
      pollMs: 250,
      changedAt: clock.now(),
    });
    expect(result).toEqual({
      ok: true,
      detail: 'after the restore, provisioned concurrency READY: 10 of 10 allocated',
    });
  });

  it('a cancel ends the wait: the restore stands, the step says the allocation is not known READY', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    controller.abort('SIGINT');
    const result = await allocationAfterRestore({
      ...base,
      read: timeline(clock, [Infinity, inProgress]),
      clock,
      timeoutMs: 5 * MINUTE,
      changedAt: clock.now(),
      signal: controller.signal,
    });
    expect(!result.ok && result.reason).toMatch(
      /^The alias is restored, but the job was cancelled before its provisioned concurrency was seen READY again\. Look with: aws lambda get-provisioned-concurrency-config/,
    );
  });
});

describe('the shift readiness across a failed step and its restore', () => {
  it('remembers the step ended IN_PROGRESS, so the READY soon after the restore waits for the margin', async () => {
    const clock = new ManualClock();
    let reading = inProgress;
    const readiness = allocationReadiness({
      read: async () => reading,
      clock,
      functionName: 'orders',
      alias: 'live',
      timeoutMs: 30_000,
      pollMs: 1_000,
    });
    const step = await readiness.afterShift(0.1, new AbortController().signal, clock.now());
    expect(step.ok).toBe(false);
    const restoredAt = clock.now();
    const done = readiness.afterRestore(false, restoredAt);
    reading = ready;
    expect(await done).toMatchObject({ ok: true });
    expect(clock.now() - restoredAt).toBe(FRESH_READY_AFTER_MS);
  });
});

describe('the restore after a cancel', () => {
  it('reads every 250 ms inside its short wait, whatever the step poll interval', async () => {
    const clock = new ManualClock();
    const read = timeline(clock, [1_000, inProgress], [Infinity, ready]);
    const readiness = allocationReadiness({
      read,
      clock,
      functionName: 'orders',
      alias: 'live',
      timeoutMs: 5 * MINUTE,
      pollMs: 30_000,
    });
    const start = clock.now();
    expect(await readiness.afterRestore(true, start)).toMatchObject({ ok: true });
    expect(clock.now() - start).toBe(1_000);
    expect(read.count).toBe(5);
  });
});

describe('a read of the provisioned concurrency that may only warn', () => {
  const error = (name: string, status: number) =>
    Object.assign(new Error('no'), { name, $metadata: { httpStatusCode: status } });

  it('one wording for every step that reads it, with what the step does without it', () => {
    expect(
      unreadableWarning(
        error('AccessDeniedException', 403),
        'orders:live',
        'the steps do not wait for it',
      ),
    ).toEqual({
      message:
        'Could not read the provisioned concurrency of orders:live (AccessDeniedException: no): the steps do not wait for it. Grant lambda:GetProvisionedConcurrencyConfig if the alias has provisioned concurrency.',
      title: 'Provisioned concurrency not read',
    });
    expect(unreadableWarning(error('SyntaxError', 404), 'orders:live', 'x')?.message).toContain(
      'The endpoint does not serve GetProvisionedConcurrencyConfig.',
    );
    expect(unreadableWarning(error('ServiceException', 500), 'orders:live', 'x')).toBeUndefined();
  });
});
