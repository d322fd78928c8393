// Which READY is believed: right after a change of routing Lambda may still show the old
// allocation as READY, so a READY counts only once it can describe the new routing. A resumed
// run waits for READY at the weight it resumes at (the restore's side is in
// allocation-readiness.test.ts).
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
import { allocationReadiness } from '../../../src/core/allocation-readiness.js';
import { runShift, type ShiftEvent } from '../../../src/core/shift.js';
import { interrupted } from './interrupted.js';
import { failed, failedAtCanary, inProgress, ready, timeline } from './allocation-readings.js';

const MINUTE = 60_000;

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
