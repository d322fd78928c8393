// The alias a dead run left mid-deployment, and the request of the run that resumes it: shared
// by the unit tests of resuming.
import { ManualClock } from '../../../src/core/clock.js';
import { encodeRecord } from '../../../src/core/deployment-record.js';
import type { ShiftRequest, StepGuard } from '../../../src/core/shift.js';
import { parseStrategy } from '../../../src/core/strategy.js';
import { FakeAlias } from './fake-alias.js';

const MINUTE = 60_000;
/** The run that resumes: run 7 again, attempt 2. */
export const me = { runId: '7', attempt: 2, token: 'mine' };

/**
 * The record a dead run (run 7, attempt 1) left on the alias at `weight` of canary 10% 10m,
 * started 20 minutes before `now`, with the step set `setAgoMs` ago (unset: an older record
 * that does not say).
 */
export function deadRunRecord(now: number, weight: number, setAgoMs?: number): string {
  return encodeRecord({
    previousVersion: '3',
    version: '4',
    strategy: 'canary 10% 10m',
    startedAt: now - 20 * MINUTE,
    status: 'in-progress',
    owner: { runId: '7', attempt: 1, token: 'dead' },
    ...(setAgoMs !== undefined ? { stepWeight: weight, stepStartedAt: now - setAgoMs } : {}),
  });
}

/** Alarms that fire from the `failAt`-th check on; each check notes the weight it saw. */
export function guard(alias: FakeAlias, failAt = Infinity) {
  const seen: number[] = [];
  const g: StepGuard & { seen: number[] } = {
    name: 'alarms',
    seen,
    async check() {
      seen.push(alias.weights().at(-1) ?? 0);
      return seen.length >= failAt ? { fail: 'orders-v4-errors is in ALARM' } : 'ok';
    },
  };
  return g;
}

/** The alias a dead run left at `weight` of canary 10% 10m, with the step set `setAgoMs` ago. */
export function interrupted(weight: number, setAgoMs?: number) {
  const clock = new ManualClock(Date.UTC(2026, 11, 2, 12, 0, 0));
  const description = deadRunRecord(clock.now(), weight, setAgoMs);
  const alias = new FakeAlias(clock, {
    primaryVersion: weight >= 1 ? '4' : '3',
    ...(weight > 0 && weight < 1 ? { additional: { version: '4', weight } } : {}),
    record: description,
  });
  const alarms = guard(alias);
  const request: ShiftRequest = {
    target: alias,
    current: alias.state,
    plan: parseStrategy('canary 10% 10m'),
    previousVersion: '3',
    version: '4',
    startWeight: weight,
    startedAt: clock.now() - 20 * MINUTE,
    ...(setAgoMs !== undefined ? { resumedStepStartedAt: clock.now() - setAgoMs } : {}),
    owner: me,
    guards: [alarms],
    pollIntervalMs: 30_000,
    onFailure: 'rollback',
    clock,
    signal: new AbortController().signal,
    random: () => 0.5,
  };
  return { clock, alias, alarms, request, began: clock.now() };
}
