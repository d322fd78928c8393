// A cell of three functions, each with its own previous and new version, driven by the same
// shift loop and restore as one alias: every step moves every member, any failure restores
// them all, and each member keeps a record of its own versions and the cell's name.
import { describe, expect, it } from '@jest/globals';
import { CellTarget } from '../../../src/core/cell-target.js';
import { ManualClock } from '../../../src/core/clock.js';
import { decodeRecord } from '../../../src/core/deployment-record.js';
import { restorePrevious } from '../../../src/core/routing-update.js';
import { runShift, type ShiftRequest, type StepGuard } from '../../../src/core/shift.js';
import { parseStrategy } from '../../../src/core/strategy.js';
import { FakeAlias } from './fake-alias.js';

const owner = { runId: '1', attempt: 1, token: 'tok1' };

function lab(options: { members?: number; perSecond?: number } = {}) {
  const clock = new ManualClock();
  const count = options.members ?? 3;
  // orders 3 -> 4, billing 7 -> 8, search 2 -> 3, ...
  const start = (i: number) => String([3, 7, 2][i % 3] + Math.floor(i / 3) * 10);
  const aliases = Array.from(
    { length: count },
    (_, i) => new FakeAlias(clock, { primaryVersion: start(i) }, `fn${i}:live`),
  );
  const cell = new CellTarget({
    name: 'checkout',
    members: aliases.map((target, i) => ({ target, version: String(Number(start(i)) + 1) })),
    clock,
    pace: { concurrency: 5, perSecond: options.perSecond ?? 100 },
  });
  return { clock, aliases, cell };
}

async function shift(
  l: ReturnType<typeof lab>,
  strategy: string,
  guards: StepGuard[] = [],
  extra: Partial<ShiftRequest> = {},
) {
  const current = await l.cell.read();
  return runShift({
    target: l.cell,
    current,
    plan: parseStrategy(strategy),
    previousVersion: current.primaryVersion,
    version: l.cell.version,
    startWeight: 0,
    startedAt: l.clock.now(),
    owner,
    guards,
    pollIntervalMs: 1000,
    onFailure: 'rollback',
    clock: l.clock,
    signal: new AbortController().signal,
    random: () => 0.5,
    ...extra,
  });
}

describe('a cell as one traffic target', () => {
  it('labels its versions by member, and reads as one unsplit routing', async () => {
    const l = lab();
    const state = await l.cell.read();
    expect(state).toMatchObject({ name: 'cell checkout', primaryVersion: '3,7,2' });
    expect(state.additional).toBeUndefined();
    expect(l.cell.version).toBe('4,8,3');
  });

  it('moves every member at every step and ends with each fully on its new version', async () => {
    const l = lab();
    const outcome = await shift(l, 'canary 10% 5m');
    expect(outcome.status).toBe('succeeded');
    expect(l.aliases.map((a) => a.state.primaryVersion)).toEqual(['4', '8', '3']);
    for (const [i, a] of l.aliases.entries()) {
      expect(a.weights(['4', '8', '3'][i])).toEqual([0, 0.1, 1, 1]);
      expect(a.state.additional).toBeUndefined();
      // Each member records its own versions and the cell's name.
      expect(decodeRecord(a.state.record)).toMatchObject({
        previousVersion: ['3', '7', '2'][i],
        version: ['4', '8', '3'][i],
        cell: 'checkout',
        status: 'succeeded',
      });
    }
  });

  it('restores every member when a guard fails at one step', async () => {
    const l = lab();
    let looks = 0;
    const alarm: StepGuard = {
      name: 'alarms',
      check: async () => (++looks > 2 ? { fail: 'alarm fn1-errors in ALARM' } : 'ok'),
    };
    const outcome = await shift(l, 'linear 25% every 1m', [alarm]);
    expect(outcome.status).toBe('rolled-back');
    expect(l.aliases.map((a) => [a.state.primaryVersion, a.state.additional])).toEqual([
      ['3', undefined],
      ['7', undefined],
      ['2', undefined],
    ]);
    expect(l.aliases.map((a) => decodeRecord(a.state.record)?.status)).toEqual([
      'rolled-back',
      'rolled-back',
      'rolled-back',
    ]);
  });

  it('stops without overwriting a member someone else changed, giving a fix command per function', async () => {
    const l = lab();
    l.aliases[1].beforeUpdate = (n) => {
      if (n === 2) l.aliases[1].changeBehindOurBack({ primaryVersion: '9' });
    };
    const outcome = await shift(l, 'canary 10% 5m');
    expect(outcome.status).toBe('stopped');
    expect(l.aliases[1].state.primaryVersion).toBe('9');
    if (outcome.status !== 'stopped') return;
    for (const fn of ['fn0', 'fn1', 'fn2'])
      expect(outcome.message).toContain(
        `aws lambda update-alias --function-name ${fn} --name live`,
      );
  });

  it('restores all members from an uneven state (a run died between two members)', async () => {
    const l = lab();
    await shift(l, 'canary 10% 5m', [], { onFailure: 'halt' });
    // As if the runner died after moving only the first member to the next step.
    const read = await l.cell.read();
    expect(read.uneven).toBeUndefined();
    l.aliases[0].changeBehindOurBack({
      primaryVersion: '3',
      additional: { version: '4', weight: 0.5 },
    });
    l.aliases[1].changeBehindOurBack({
      primaryVersion: '7',
      additional: { version: '8', weight: 0.1 },
    });
    l.aliases[2].changeBehindOurBack({
      primaryVersion: '2',
      additional: { version: '3', weight: 0.1 },
    });
    const uneven = await l.cell.read();
    expect(uneven).toMatchObject({ uneven: true, primaryVersion: '3,7,2' });
    const result = await restorePrevious(
      l.cell,
      { previousVersion: '3,7,2', version: '4,8,3' },
      { clock: l.clock },
    );
    expect(result.changed).toBe(true);
    expect(l.aliases.map((a) => a.state.primaryVersion)).toEqual(['3', '7', '2']);
    expect(l.aliases.every((a) => a.state.additional === undefined)).toBe(true);
  });

  it('paces its members under the rate it is given', async () => {
    const l = lab({ members: 30, perSecond: 10 });
    const t0 = l.clock.now();
    const starts: number[] = [];
    for (const a of l.aliases) a.beforeUpdate = () => void starts.push(l.clock.now() - t0);
    const state = await l.cell.read();
    const readDone = l.clock.now() - t0;
    await l.cell.set(state.token, { primaryVersion: state.primaryVersion }, 'record');
    // 30 reads then 30 writes at 10 a second: never more than 10 in any second.
    expect(readDone).toBeGreaterThanOrEqual(2000);
    for (const s of starts)
      expect(starts.filter((t) => t >= s && t < s + 1000).length).toBeLessThanOrEqual(10);
  });
});
