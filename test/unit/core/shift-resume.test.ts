// A run that takes over an interrupted deployment, and a run that meets someone else's
// write: it never promotes faster than the plan, checks before it moves any weight, and
// never overwrites another writer.
import { describe, expect, it } from '@jest/globals';
import { decodeRecord, encodeRecord } from '../../../src/core/deployment-record.js';
import { runShift } from '../../../src/core/shift.js';
import type { FakeAlias } from './fake-alias.js';
import { guard, interrupted, me } from './interrupted.js';

const MINUTE = 60_000;

const promotedAt = (alias: FakeAlias) =>
  alias.writes.find((w) => w.routing.primaryVersion === '4')?.at;

describe('a resumed run', () => {
  it('holds only what is left of the step the record says was set 4 minutes ago', async () => {
    const { alias, request, began } = interrupted(0.1, 4 * MINUTE);
    const outcome = await runShift(request);
    expect(outcome.status).toBe('succeeded');
    expect(promotedAt(alias)! - began).toBe(6 * MINUTE);
  });

  it('holds the whole step again when the record cannot say when the weight was set', async () => {
    const { alias, request, began } = interrupted(0.1);
    await runShift(request);
    expect(promotedAt(alias)! - began).toBe(10 * MINUTE);
  });

  it('holds the whole step when the step time lies in the future (a runner clock behind)', async () => {
    const { alias, request, began } = interrupted(0.1, -2 * MINUTE);
    await runShift(request);
    expect(promotedAt(alias)! - began).toBe(10 * MINUTE);
  });

  it('checks the alarms before any weight change, even when the hold is over', async () => {
    const { alias, alarms, request, began } = interrupted(0.1, 30 * MINUTE);
    await runShift(request);
    expect(alarms.seen[0]).toBe(0.1);
    expect(promotedAt(alias)).toBe(began);
  });

  it('rolls back at once when an alarm fires while it was down, never promoting', async () => {
    const { alias, request } = interrupted(0.1, 4 * MINUTE);
    request.guards = [guard(alias, 1)];
    const outcome = await runShift(request);
    expect(outcome.status).toBe('rolled-back');
    expect(Math.max(...alias.weights())).toBe(0.1);
    expect(alias.state).toMatchObject({ primaryVersion: '3' });
    expect(decodeRecord(alias.state.record)?.status).toBe('rolled-back');
  });

  it('claims the deployment without resetting the step time it resumed', async () => {
    const { alias, request, clock } = interrupted(0.1, 4 * MINUTE);
    const setAt = clock.now() - 4 * MINUTE;
    await runShift(request);
    const claim = decodeRecord(alias.writes[0].record);
    expect(alias.writes[0].routing).toEqual({
      primaryVersion: '3',
      additional: { version: '4', weight: 0.1 },
    });
    expect(claim).toMatchObject({ owner: me, stepWeight: 0.1, stepStartedAt: setAt });
  });

  it('confirms a run that died at 100% only after checking', async () => {
    const { alias, alarms, request } = interrupted(1);
    const outcome = await runShift(request);
    expect(outcome.status).toBe('succeeded');
    expect(alarms.seen.length).toBeGreaterThan(0);
    expect(decodeRecord(alias.state.record)?.status).toBe('succeeded');
  });
});

describe('every write records its step', () => {
  it('says when each weight was set, so the next run can hold the rest of it', async () => {
    const { alias, request, clock } = interrupted(0);
    request.startWeight = 0;
    delete request.resumedStepStartedAt;
    alias.changeBehindOurBack({ primaryVersion: '3' }, '');
    request.current = alias.state;
    const start = clock.now();
    await runShift(request);
    const steps = alias.writes.map((w) => decodeRecord(w.record));
    expect(steps.map((r) => [r?.stepWeight, (r?.stepStartedAt ?? 0) - start])).toEqual([
      [0, 0],
      [0.1, 0],
      [1, 10 * MINUTE],
      [1, 10 * MINUTE],
    ]);
  });
});

describe('another writer', () => {
  it('carries on over an identical rewrite at the promotion', async () => {
    const { alias, request } = interrupted(0.1, 9 * MINUTE);
    alias.beforeUpdate = (n) => {
      if (n === 2)
        alias.changeBehindOurBack(alias.state.additional ? { ...alias.state } : alias.state);
    };
    const outcome = await runShift(request);
    expect(outcome.status).toBe('succeeded');
    expect(alias.state).toMatchObject({ primaryVersion: '4' });
    expect(decodeRecord(alias.state.record)?.status).toBe('succeeded');
  });

  it('stops, touching nothing, when a racing run claimed the deployment first', async () => {
    const { alias, request } = interrupted(0.1, 4 * MINUTE);
    const theirs = encodeRecord({
      ...decodeRecord(alias.state.record)!,
      owner: { runId: '8', attempt: 1, token: 'winner' },
    });
    alias.beforeUpdate = (n) => {
      if (n === 1) alias.changeBehindOurBack({ ...alias.state }, theirs);
    };
    const outcome = await runShift(request);
    expect(outcome.status).toBe('stopped');
    expect(outcome.status === 'stopped' && outcome.message).toMatch(
      /The alias now records a deployment by run 8 attempt 1; this run left it alone\.$/,
    );
    expect(alias.state.record).toBe(theirs);
    expect(alias.writes).toHaveLength(0);
  });

  it('leaves a foreign record alone and says why the outcome was not written', async () => {
    const { alias, request } = interrupted(0.1, 4 * MINUTE);
    alias.beforeUpdate = (n) => {
      if (n === 2) alias.changeBehindOurBack({ primaryVersion: '3' }, 'rolled back by hand');
    };
    const outcome = await runShift(request);
    expect(outcome.status).toBe('stopped');
    expect(outcome.status === 'stopped' && outcome.message).toMatch(
      /no longer carries this run's deployment record, so it was left as found\. The alias is fully on version 3/,
    );
    expect(alias.state.record).toBe('rolled back by hand');
  });
});
