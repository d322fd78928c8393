// Which READY is believed: right after a change of routing Lambda may still show the old
// allocation as READY, so a READY counts only once it can describe the new routing. A resumed
// run waits for READY at the weight it resumes at, and a restore's allocation is polled within
// the bound its step has.
import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../src/core/clock.js';
import {
  type AllocationReading,
  FRESH_READY_AFTER_MS,
  reflectsChange,
  waitForAllocation,
  type WaitRequest,
  type WaitResult,
} from '../../../src/core/provisioned-concurrency.js';
import {
  allocationAfterRestore,
  allocationReadiness,
  unreadableWarning,
} from '../../../src/core/allocation-readiness.js';
import { runShift, type ShiftEvent } from '../../../src/core/shift.js';
import { interrupted } from '../shift-traffic/interrupted.js';
import { failed, failedAtCanary, inProgress, ready } from './allocation-readings.js';

const MINUTE = 60_000;

/** Answers by the time since `start`: each [untilMs, reading] in turn, the last for ever. */
function timeline(clock: ManualClock, ...phases: [number, AllocationReading][]) {
  const start = clock.now();
  const read = async () => {
    read.count++;
    const t = clock.now() - start;
    return (phases.find(([until]) => t < until) ?? phases.at(-1)!)[1];
  };
  read.count = 0;
  return read;
}

/**
 * A wait for the allocation `changedAgoMs` after a change (negative: a change dated ahead),
 * polling each second for up to a minute.
 */
function waitAfterChange(
  phases: [number, AllocationReading][],
  extra: Partial<WaitRequest> = {},
  changedAgoMs = 0,
): Promise<WaitResult> {
  const clock = new ManualClock();
  return waitForAllocation({
    read: timeline(clock, ...phases),
    clock,
    timeoutMs: MINUTE,
    pollMs: 1_000,
    changedAt: clock.now() - changedAgoMs,
    ...extra,
  });
}

describe('a READY read after a change of routing', () => {
  it('counts once Lambda was seen re-allocating, or once READY has lasted the margin', () => {
    const changed = 1_000;
    expect(reflectsChange(undefined, false, changed)).toBe(true);
    expect(reflectsChange(changed, true, changed + 1)).toBe(true);
    expect(reflectsChange(changed, false, changed + FRESH_READY_AFTER_MS - 1)).toBe(false);
    expect(reflectsChange(changed, false, changed + FRESH_READY_AFTER_MS)).toBe(true);
  });

  it('the old READY shown right after the change is not taken: the wait goes on through the re-allocation', async () => {
    // Stale READY for 2 s, then the re-allocation (IN_PROGRESS) for 3 s, then READY.
    const result = await waitAfterChange([
      [2_000, ready],
      [5_000, inProgress],
      [Infinity, ready],
    ]);
    expect(result).toMatchObject({ ok: true, reading: ready, waitedMs: 5_000 });
  });

  it('a READY that never changes is taken when the margin since the change has passed, read again just then', async () => {
    const clock = new ManualClock();
    const changedAt = clock.now() - 4_000;
    const read = timeline(clock, [Infinity, ready]);
    const result = await waitForAllocation({
      read,
      clock,
      timeoutMs: MINUTE,
      pollMs: 30_000,
      changedAt,
    });
    expect(result).toMatchObject({ ok: true, waitedMs: FRESH_READY_AFTER_MS - 4_000 });
    expect(read.count).toBe(2);
  });

  it('without a change to reflect (changedAt unset), READY is taken at once, as before', async () => {
    const clock = new ManualClock();
    const result = await waitForAllocation({
      read: timeline(clock, [0, ready]),
      clock,
      timeoutMs: 0,
    });
    expect(result).toMatchObject({ ok: true, waitedMs: 0 });
  });

  it('a change dated ahead of this clock (another runner) is taken as now, never as older', async () => {
    const result = await waitAfterChange([[Infinity, ready]], {}, -5 * MINUTE);
    expect(result).toMatchObject({ ok: true, waitedMs: FRESH_READY_AFTER_MS });
  });

  it('a timeout inside the margin says READY was not seen for the new routing, and why', async () => {
    const result = await waitAfterChange([[Infinity, ready]], { timeoutMs: 3_000 });
    expect(result).toMatchObject({ ok: false, waitedMs: 3_000 });
    expect(!result.ok && result.reason).toMatch(
      /not seen READY for the new routing within 3s: it showed READY without re-allocating/,
    );
  });

  it('after a change from an allocation not yet READY, its IN_PROGRESS proves nothing: its READY waits for the margin', async () => {
    // A restore after a timeout: the old allocation (still IN_PROGRESS) ends READY at 3 s.
    const result = await waitAfterChange(
      [
        [3_000, inProgress],
        [Infinity, ready],
      ],
      { statusBefore: 'IN_PROGRESS' },
    );
    expect(result).toMatchObject({ ok: true, waitedMs: FRESH_READY_AFTER_MS });
  });

  it('a READY then IN_PROGRESS inside the wait is Lambda taking the change up, whatever came before', async () => {
    const result = await waitAfterChange(
      [
        [1_000, ready],
        [3_000, inProgress],
        [Infinity, ready],
      ],
      { statusBefore: 'IN_PROGRESS' },
    );
    expect(result).toMatchObject({ ok: true, waitedMs: 3_000 });
  });

  it('FAILED is believed at once, stale or not: failing closed only restores', async () => {
    const result = await waitAfterChange([[Infinity, failed]]);
    expect(result).toMatchObject({ ok: false, waitedMs: 0 });
  });
});

describe('a resumed run with provisioned concurrency', () => {
  /** The alias a dead run left at 10% of canary 10% 10m, set `setAgoMs` ago; no alarms. */
  function resumed(setAgoMs: number, ...phases: [number, AllocationReading][]) {
    const { clock, alias, request, began } = interrupted(0.1, setAgoMs);
    const events: ShiftEvent[] = [];
    const readiness = allocationReadiness({
      read: timeline(clock, ...phases),
      clock,
      functionName: 'orders',
      alias: 'live',
      timeoutMs: 5 * MINUTE,
      pollMs: 10_000,
    });
    Object.assign(request, { guards: [], readiness, onEvent: (e: ShiftEvent) => events.push(e) });
    return { alias, events, request, began };
  }

  it('waits for READY at the weight it resumes at before it holds or promotes', async () => {
    // The dead run's step was set 20 minutes ago (its hold is over), but its allocation is still
    // IN_PROGRESS for another 40 s.
    const { alias, events, request, began } = resumed(
      20 * MINUTE,
      [40_000, inProgress],
      [Infinity, ready],
    );
    const outcome = await runShift(request);
    expect(outcome.status).toBe('succeeded');
    const firstReady = events.find((e) => e.type === 'ready')!;
    expect(firstReady).toMatchObject({ weight: 0.1, ok: true });
    expect(firstReady.at - began).toBe(40_000);
    const promoted = alias.writes.find((w) => w.routing.primaryVersion === '4')!;
    expect(promoted.at - began).toBe(40_000);
  });

  it('a step set seconds ago: its READY counts only after the margin, unless seen re-allocating', async () => {
    const { alias, request, began } = resumed(2_000, [Infinity, ready]);
    const outcome = await runShift(request);
    expect(outcome.status).toBe('succeeded');
    const promoted = alias.writes.find((w) => w.routing.primaryVersion === '4')!;
    // READY taken 8 s in (10 s after the dead run set 10%), then the 10 minute hold minus the
    // 2 s already held.
    expect(promoted.at - began).toBe(FRESH_READY_AFTER_MS - 2_000 + 10 * MINUTE - 2_000);
  });

  it('a FAILED allocation at the resumed weight fails the step and restores, as a fresh step does', async () => {
    const { alias, request } = resumed(20 * MINUTE, [Infinity, failed]);
    const outcome = await runShift(request);
    expect(outcome).toMatchObject({ status: 'rolled-back', cause: failedAtCanary });
    expect(alias.state).toMatchObject({ primaryVersion: '3' });
    expect(alias.state.additional).toBeUndefined();
    expect(alias.weights()).toEqual([0.1, 0]);
  });
});

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
