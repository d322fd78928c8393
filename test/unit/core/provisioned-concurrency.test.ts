import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../src/core/clock.js';
import {
  type AllocationReading,
  describeAllocation,
  judgeAllocation,
  waitForAllocation,
} from '../../../src/core/provisioned-concurrency.js';
import { allocationReadiness, unreadableAtStart } from '../../../src/core/allocation-readiness.js';
import { runShift, type ShiftEvent } from '../../../src/core/shift.js';
import { parseStrategy } from '../../../src/core/strategy.js';
import { FakeAlias } from './fake-alias.js';
import { failed, failedAtCanary, inProgress, ready } from './allocation-readings.js';

/** Answers the readings in turn (the last one for ever), counting reads. */
function reads(...answers: (AllocationReading | undefined | Error)[]) {
  const read = async () => {
    const a = answers[Math.min(read.count++, answers.length - 1)];
    if (a instanceof Error) throw a;
    return a;
  };
  read.count = 0;
  return read;
}

describe('judging one reading', () => {
  it('READY is ready, FAILED fails with its StatusReason, anything else waits', () => {
    expect(judgeAllocation(ready)).toEqual({ kind: 'ready' });
    expect(judgeAllocation(inProgress)).toEqual({ kind: 'wait' });
    expect(judgeAllocation({ ...inProgress, status: 'SOMETHING_NEW' })).toEqual({ kind: 'wait' });
    expect(judgeAllocation(failed)).toEqual({
      kind: 'failed',
      reason: 'Insufficient unreserved concurrency',
    });
    expect(judgeAllocation({ ...failed, statusReason: undefined })).toMatchObject({
      kind: 'failed',
    });
  });

  it('reads as the summary shows it', () => {
    expect(describeAllocation(ready)).toBe('provisioned concurrency READY: 10 of 10 allocated');
    expect(describeAllocation(failed)).toBe(
      'provisioned concurrency FAILED: 4 of 10 allocated (Insufficient unreserved concurrency)',
    );
  });
});

describe('waiting for the allocation', () => {
  it('polls until READY, on the injected clock', async () => {
    const clock = new ManualClock();
    const read = reads(inProgress, inProgress, ready);
    const result = await waitForAllocation({ read, clock, timeoutMs: 60_000, pollMs: 5_000 });
    expect(result).toEqual({ ok: true, reading: ready, waitedMs: 10_000 });
    expect(read.count).toBe(3);
  });

  it('FAILED ends the wait at once, naming the reason', async () => {
    const clock = new ManualClock();
    const result = await waitForAllocation({
      read: reads(inProgress, failed),
      clock,
      timeoutMs: 60_000,
      pollMs: 1_000,
    });
    expect(result).toMatchObject({ ok: false, waitedMs: 1_000 });
    expect(!result.ok && result.reason).toBe(
      'the provisioned concurrency allocation FAILED: Insufficient unreserved concurrency',
    );
  });

  it('gives up at the timeout with the last reading, never sleeping past it', async () => {
    const clock = new ManualClock();
    const result = await waitForAllocation({
      read: reads(inProgress),
      clock,
      timeoutMs: 12_000,
      pollMs: 5_000,
    });
    expect(result).toMatchObject({ ok: false, waitedMs: 12_000, reading: inProgress });
    expect(!result.ok && result.reason).toMatch(
      /not READY after 12s \(provisioned concurrency IN_PROGRESS: 4 of 10/,
    );
  });

  it('no configuration (any more) is nothing to wait for', async () => {
    const result = await waitForAllocation({
      read: reads(undefined),
      clock: new ManualClock(),
      timeoutMs: 1_000,
    });
    expect(result).toEqual({ ok: true, waitedMs: 0 });
  });

  it('a read that fails fails the wait: not having looked is not READY', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    const result = await waitForAllocation({
      read: reads(inProgress, denied),
      clock: new ManualClock(),
      timeoutMs: 60_000,
      pollMs: 1_000,
    });
    expect(result).toMatchObject({ ok: false, reading: inProgress });
    expect(!result.ok && result.reason).toContain('AccessDeniedException: not authorized');
  });

  it('a cancel ends the wait with AbortError', async () => {
    const controller = new AbortController();
    controller.abort('SIGINT');
    await expect(
      waitForAllocation({
        read: reads(inProgress),
        clock: new ManualClock(),
        timeoutMs: 60_000,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('the shift with provisioned concurrency', () => {
  /** An allocation that is IN_PROGRESS for `takesMs` after each alias write that moves traffic. */
  function setup(strategy: string, fail?: (weight: number) => string | undefined) {
    const clock = new ManualClock();
    const alias = new FakeAlias(clock);
    let since = clock.now();
    let failing: string | undefined;
    let lastRouting = JSON.stringify({ p: '3' });
    const read = async (): Promise<AllocationReading> => {
      const routing = JSON.stringify({ p: alias.state.primaryVersion, a: alias.state.additional });
      if (routing !== lastRouting) {
        lastRouting = routing;
        since = clock.now();
        const w = alias.state.primaryVersion === '4' ? 1 : (alias.state.additional?.weight ?? 0);
        failing = fail?.(w);
      }
      if (clock.now() - since < 20_000) return inProgress;
      return failing ? { ...failed, statusReason: failing } : ready;
    };
    const events: ShiftEvent[] = [];
    const readiness = allocationReadiness({
      read,
      clock,
      functionName: 'orders',
      alias: 'live',
      timeoutMs: 5 * 60_000,
      pollMs: 10_000,
    });
    const request = {
      target: alias,
      current: alias.state,
      plan: parseStrategy(strategy),
      previousVersion: '3',
      version: '4',
      startWeight: 0,
      startedAt: clock.now(),
      owner: { runId: '7', attempt: 1, token: 'mine' },
      guards: [],
      readiness,
      pollIntervalMs: 10_000,
      onFailure: 'rollback' as const,
      clock,
      signal: new AbortController().signal,
      random: () => 0.5,
      onEvent: (e: ShiftEvent) => events.push(e),
    };
    return { clock, alias, events, request };
  }

  it('waits for READY after each step before its hold, and reports each allocation', async () => {
    const { alias, events, request } = setup('canary 10% 5m');
    const outcome = await runShift(request);
    expect(outcome.status).toBe('succeeded');
    expect(alias.weights()).toEqual([0, 0.1, 1, 1]);
    const readyEvents = events.filter((e) => e.type === 'ready');
    expect(readyEvents.map((e) => [e.weight, e.ok, e.detail])).toEqual([
      [0.1, true, 'provisioned concurrency READY: 10 of 10 allocated'],
      [1, true, 'provisioned concurrency READY: 10 of 10 allocated'],
    ]);
    // The hold starts once the allocation is READY (20 s after the shift).
    const shifted = events.find((e) => e.type === 'shifted' && e.weight === 0.1)!;
    const watching = events.find((e) => e.type === 'watching')!;
    expect(watching.at - shifted.at).toBe(20_000);
  });

  it('a FAILED allocation at the canary restores the previous version like a failed guard', async () => {
    const { alias, request } = setup('canary 10% 5m', (w) =>
      w === 0.1 ? 'Insufficient unreserved concurrency' : undefined,
    );
    const outcome = await runShift(request);
    expect(outcome).toMatchObject({ status: 'rolled-back', cause: failedAtCanary });
    expect(outcome.status === 'rolled-back' && outcome.notReady).toBeUndefined();
    expect(alias.weights()).toEqual([0, 0.1, 0]);
  });

  it('after the restore the allocation must be READY again, or the outcome says how to fix it', async () => {
    const { alias, request } = setup('canary 10% 5m', () => 'Insufficient unreserved concurrency');
    const outcome = await runShift(request);
    expect(outcome.status).toBe('rolled-back');
    expect(alias.state.primaryVersion).toBe('3');
    const notReady = outcome.status === 'rolled-back' ? outcome.notReady : undefined;
    expect(notReady).toContain(
      'The alias is restored, but after the restore the provisioned concurrency allocation FAILED',
    );
    expect(notReady).toContain(
      'aws lambda get-provisioned-concurrency-config --function-name orders --qualifier live',
    );
    expect(notReady).toContain(
      'aws lambda put-provisioned-concurrency-config --function-name orders --qualifier live --provisioned-concurrent-executions 10',
    );
  });
});

describe('a start-up read that fails', () => {
  const error = (name: string, status: number) =>
    Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status } });

  it('AccessDenied and an endpoint that does not serve the API are warnings; anything else stops', () => {
    expect(unreadableAtStart(error('AccessDeniedException', 403))).toBe('denied');
    expect(unreadableAtStart(error('SyntaxError', 404))).toBe('unserved');
    expect(unreadableAtStart(error('ResourceNotFoundException', 404))).toBeUndefined();
    expect(unreadableAtStart(error('TooManyRequestsException', 429))).toBeUndefined();
    expect(unreadableAtStart(error('ServiceException', 500))).toBeUndefined();
  });
});
