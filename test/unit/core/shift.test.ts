import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../src/core/clock.js';
import { decodeRecord } from '../../../src/core/deployment-record.js';
import type { HookResult } from '../../../src/core/hook.js';
import {
  runShift,
  type ShiftEvent,
  type ShiftRequest,
  type StepGuard,
} from '../../../src/core/shift.js';
import { parseStrategy } from '../../../src/core/strategy.js';
import { FakeAlias, serverError, throttled } from './fake-alias.js';

const MINUTE = 60_000;

/** A guard that fails from the `failAt`-th check on (never by default), counting checks. */
function alarmGuard(failAt = Infinity, reason = 'orders-errors is in ALARM') {
  const guard = {
    name: 'alarms',
    checks: 0,
    async check(): Promise<'ok' | { fail: string }> {
      guard.checks++;
      return guard.checks >= failAt ? { fail: reason } : 'ok';
    },
  };
  return guard;
}

function setup(strategy: string, overrides: Partial<ShiftRequest> = {}) {
  const clock = new ManualClock();
  const alias = new FakeAlias(clock);
  const events: ShiftEvent[] = [];
  const controller = new AbortController();
  const request: ShiftRequest = {
    target: alias,
    current: alias.state,
    plan: parseStrategy(strategy),
    previousVersion: '3',
    version: '4',
    startWeight: 0,
    startedAt: clock.now(),
    owner: { runId: '7', attempt: 1, token: 'mine' },
    guards: [alarmGuard()],
    pollIntervalMs: 10_000,
    onFailure: 'rollback',
    clock,
    signal: controller.signal,
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    ...overrides,
  };
  return { clock, alias, events, controller, request, start: clock.now() };
}

const status = (description: string) => decodeRecord(description)?.status;

describe('a clean shift', () => {
  it('runs a 30-minute linear plan in virtual time and ends fully on the new version', async () => {
    const guard = alarmGuard();
    const { alias, request, clock, start } = setup('linear 10% every 200s', { guards: [guard] });
    const outcome = await runShift(request);

    expect(outcome.status).toBe('succeeded');
    expect(alias.state.primaryVersion).toBe('4');
    expect(alias.state.additional).toBeUndefined();
    // Record first (no traffic), nine steps, 100%, then the record says succeeded.
    expect(alias.weights()).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1]);
    expect(alias.writes.slice(0, -1).map((w) => status(w.record))).toEqual(
      Array(11).fill('in-progress'),
    );
    expect(status(alias.state.record)).toBe('succeeded');
    expect(clock.now() - start).toBe(30 * MINUTE);
    // Once before the first shift, then at 0s, 10s ... 200s of each of the nine holds.
    expect(guard.checks).toBe(1 + 9 * 21);
  });

  it('records the deployment before the first shift, readable by any later job', async () => {
    const { alias, request } = setup('canary 10% 5m', {
      runUrl: 'https://github.com/o/r/actions/runs/9',
    });
    await runShift(request);
    expect(alias.writes[0].routing).toEqual({ primaryVersion: '3' });
    expect(decodeRecord(alias.writes[0].record)).toEqual({
      previousVersion: '3',
      version: '4',
      strategy: 'canary 10% 5m',
      startedAt: request.startedAt,
      status: 'in-progress',
      runUrl: 'https://github.com/o/r/actions/runs/9',
      stepWeight: 0,
      stepStartedAt: request.startedAt,
      owner: { runId: '7', attempt: 1, token: 'mine' },
    });
  });

  it('all-at-once shifts once with no wait', async () => {
    const { alias, request, clock, start } = setup('all-at-once');
    expect((await runShift(request)).status).toBe('succeeded');
    expect(alias.weights()).toEqual([0, 1, 1]);
    expect(clock.now()).toBe(start);
  });

  it('resumes from the current weight', async () => {
    const { alias, request } = setup('linear 25% every 1m');
    alias.changeBehindOurBack({ primaryVersion: '3', additional: { version: '4', weight: 0.5 } });
    const outcome = await runShift({ ...request, current: alias.state, startWeight: 0.5 });
    expect(outcome.status).toBe('succeeded');
    expect(alias.weights()).toEqual([0.5, 0.75, 1, 1]);
  });
});

describe('an alarm between steps', () => {
  it('restores the previous version with one UpdateAlias and names the alarm', async () => {
    const { alias, request, events, clock, start } = setup('canary 10% 5m', {
      guards: [alarmGuard(5)],
    });
    const outcome = await runShift(request);

    expect(outcome).toMatchObject({
      status: 'rolled-back',
      cause: { kind: 'guard', guard: 'alarms', reason: 'orders-errors is in ALARM', weight: 0.1 },
    });
    expect(alias.weights()).toEqual([0, 0.1, 0]);
    expect(alias.state).toMatchObject({ primaryVersion: '3' });
    expect(alias.state.additional).toBeUndefined();
    expect(status(alias.state.record)).toBe('rolled-back');
    // Checks: before start, then 0s, 10s, 20s, 30s at 10%: the restore follows the 30s check.
    expect(alias.writes[2].at - start).toBe(30_000);
    expect(clock.now() - start).toBe(30_000);
    expect(events.map((e) => e.type)).toContain('restored');
  });

  it('with on-failure: halt leaves the alias where it was and records halted', async () => {
    const { alias, request } = setup('canary 10% 5m', {
      guards: [alarmGuard(3)],
      onFailure: 'halt',
    });
    const outcome = await runShift(request);
    expect(outcome.status).toBe('halted');
    expect(alias.state.additional).toEqual({ version: '4', weight: 0.1 });
    expect(status(alias.state.record)).toBe('halted');
  });

  it('refuses to start, changing nothing, when an alarm is already firing', async () => {
    const { alias, request } = setup('canary 10% 5m', { guards: [alarmGuard(1)] });
    const outcome = await runShift(request);
    expect(outcome).toMatchObject({ status: 'refused', cause: { kind: 'guard', weight: 0 } });
    expect(alias.writes).toEqual([]);
  });

  it('a guard that cannot look fails the step: no data is never a pass', async () => {
    let n = 0;
    const broken: StepGuard = {
      name: 'alarms',
      check: async () => {
        if (++n === 3) throw new Error('AccessDenied: cloudwatch:DescribeAlarms');
        return 'ok';
      },
    };
    const outcome = await runShift(setup('canary 10% 5m', { guards: [broken] }).request);
    expect(outcome).toMatchObject({
      status: 'rolled-back',
      cause: {
        kind: 'error',
        reason: 'could not check alarms: AccessDenied: cloudwatch:DescribeAlarms',
      },
    });
  });

  it('checks guards in order, so a later guard (bake-and-watch evidence) can fail the step too', async () => {
    const evidence = alarmGuard(2, 'new version error rate 4% vs 0.1%');
    const outcome = await runShift(
      setup('canary 10% 5m', { guards: [alarmGuard(), { ...evidence, name: 'evidence' }] }).request,
    );
    expect(outcome).toMatchObject({
      status: 'rolled-back',
      cause: { kind: 'guard', guard: 'evidence' },
    });
  });
});

describe('cancellation', () => {
  it('aborts the wait and restores at once', async () => {
    const { alias, request, controller, clock, start } = setup('linear 10% every 1m');
    let checks = 0;
    request.guards = [
      {
        name: 'alarms',
        check: async () => {
          if (++checks === 20) controller.abort('received SIGINT');
          return 'ok';
        },
      },
    ];
    const outcome = await runShift(request);
    expect(outcome).toMatchObject({
      status: 'rolled-back',
      cause: { kind: 'cancelled', reason: 'received SIGINT' },
    });
    expect(alias.state.primaryVersion).toBe('3');
    expect(alias.state.additional).toBeUndefined();
    // 1 check before the start and 7 per minute-long hold: check 20 is at 30%, 40 s in,
    // and no further sleep happened before the restore.
    expect(alias.weights().at(-2)).toBe(0.3);
    expect(clock.now() - start).toBe(2 * MINUTE + 40_000);
  });

  it('a cancel before anything changed writes nothing at all', async () => {
    const { alias, request, controller } = setup('canary 10% 5m');
    controller.abort('received SIGINT');
    const outcome = await runShift(request);
    expect(outcome).toMatchObject({ status: 'refused', cause: { kind: 'cancelled', weight: 0 } });
    expect(alias.writes).toEqual([]);
  });

  it('restores even under on-failure: halt: a cancelled job must not leave the alias split', async () => {
    const controller = new AbortController();
    let checks = 0;
    const guard: StepGuard = {
      name: 'alarms',
      // The second check is the first one at 10%.
      check: async () => {
        if (++checks === 2) controller.abort('received SIGINT');
        return 'ok';
      },
    };
    const { alias, request } = setup('canary 10% 5m', {
      onFailure: 'halt',
      guards: [guard],
      signal: controller.signal,
    });
    expect((await runShift(request)).status).toBe('rolled-back');
    expect(alias.weights()).toEqual([0, 0.1, 0]);
    expect(alias.state.additional).toBeUndefined();
  });
});

describe('someone else changing the alias', () => {
  it('stops without overwriting anything and says what changed', async () => {
    const { alias, request } = setup('linear 10% every 1m');
    let checks = 0;
    request.guards = [
      {
        name: 'alarms',
        check: async () => {
          if (++checks === 10)
            alias.changeBehindOurBack({
              primaryVersion: '3',
              additional: { version: '4', weight: 0.9 },
            });
          return 'ok';
        },
      },
    ];
    const outcome = await runShift(request);
    expect(outcome.status).toBe('stopped');
    expect(outcome.status === 'stopped' && outcome.error.message).toMatch(
      /Alias orders:live was changed by someone else: expected version 3 at 80% and version 4 at 20% \(revision rev-\d+\), found version 3 at 10% and version 4 at 90%.*Nothing was overwritten/,
    );
    // Their routing stays; only the record, still this run's, now says the run gave up.
    expect(alias.state.additional).toEqual({ version: '4', weight: 0.9 });
    expect(alias.weights().slice(-2)).toEqual([0.2, 0.9]);
    expect(status(alias.state.record)).toBe('stopped');
    expect(outcome.status === 'stopped' && outcome.message).toMatch(
      /The deployment record on the alias now says stopped\. The alias is at version 3 at 10% and version 4 at 90% \(revision rev-\d+\)\. .*back to version 3: aws lambda update-alias --function-name orders --name live --function-version 3 .*or on to version 4: aws lambda update-alias --function-name orders --name live --function-version 4/,
    );
  });
});

describe('throttling and server errors', () => {
  it('retries bursts with backoff and still ends fully on the new version', async () => {
    const { alias, request, events } = setup('linear 25% every 1m');
    alias.beforeUpdate = (n) => {
      if (n % 2 === 0) throw n % 4 === 0 ? serverError() : throttled();
    };
    const outcome = await runShift(request);
    expect(outcome.status).toBe('succeeded');
    expect(alias.state.primaryVersion).toBe('4');
    expect(events.filter((e) => e.type === 'retry').length).toBeGreaterThan(0);
  });

  it('restores when a shift keeps failing, and the failure is named', async () => {
    const { alias, request } = setup('linear 25% every 1m');
    // The second shift fails all six tries; the restore's first call lands.
    alias.beforeUpdate = (n) => {
      if (n >= 3 && n <= 8) throw serverError();
    };
    const outcome = await runShift(request);
    expect(outcome).toMatchObject({
      status: 'rolled-back',
      cause: { kind: 'error', reason: 'ServiceException: internal' },
    });
    expect(alias.state.additional).toBeUndefined();
    expect(alias.state.primaryVersion).toBe('3');
  });

  it('fails loudly with the exact alias state and the fix command when the restore fails too', async () => {
    const { alias, request } = setup('canary 10% 5m', { guards: [alarmGuard(3)] });
    alias.beforeUpdate = (n) => {
      if (n >= 3) throw serverError();
    };
    const outcome = await runShift(request);
    expect(outcome.status).toBe('restore-failed');
    expect(outcome.status === 'restore-failed' && outcome.error.message).toMatch(
      /Could not restore orders:live to version 3: ServiceException: internal. The alias is at version 3 at 90% and version 4 at 10% \(revision rev-\d+\). Fix it now with: aws lambda update-alias --function-name orders --name live --function-version 3 --routing-config 'AdditionalVersionWeights=\{\}'/,
    );
  });
});

describe('hooks', () => {
  it('runs before-traffic before any traffic moves and after-traffic once at 100%', async () => {
    const calls: [string, number][] = [];
    const { alias, request } = setup('canary 10% 5m');
    request.hook = async (phase) => {
      calls.push([phase, alias.weights().at(-1) ?? 0]);
      return { ok: true, detail: 'fine' };
    };
    expect((await runShift(request)).status).toBe('succeeded');
    expect(calls).toEqual([
      ['before-traffic', 0],
      ['after-traffic', 1],
    ]);
  });

  it('a failed before-traffic hook ends with no traffic ever on the new version', async () => {
    const { alias, request } = setup('canary 10% 5m', {
      hook: async (): Promise<HookResult> => ({ ok: false, reason: 'exit code 3' }),
    });
    const outcome = await runShift(request);
    expect(outcome).toMatchObject({
      status: 'rolled-back',
      cause: { kind: 'hook', phase: 'before-traffic', weight: 0 },
    });
    expect(Math.max(...alias.weights())).toBe(0);
  });

  it('a failed after-traffic hook restores the previous version from 100%', async () => {
    const { alias, request } = setup('canary 10% 5m', {
      hook: async (phase): Promise<HookResult> =>
        phase === 'after-traffic'
          ? { ok: false, reason: 'the hook returned status Failed' }
          : { ok: true, detail: '' },
    });
    const outcome = await runShift(request);
    expect(outcome).toMatchObject({
      status: 'rolled-back',
      cause: { kind: 'hook', phase: 'after-traffic', weight: 1 },
    });
    expect(alias.state.primaryVersion).toBe('3');
    expect(status(alias.state.record)).toBe('rolled-back');
  });
});
