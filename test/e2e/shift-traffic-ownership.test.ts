// shift-traffic when runs die, re-run, race or meet someone else's write, on the built
// bundle through the runner harness: a resume never promotes faster than the plan or
// without checking; one run drives a deployment at a time; an identical rewrite is carried
// on over and someone else's change is never overwritten.
import { describe, expect, it } from '@jest/globals';
import { decodeRecord } from '../../src/core/deployment-record.js';
import { errorAnnotations as errors } from '../fixtures/simulator.js';
import { useShiftLab } from '../fixtures/shift-lab.js';

const { lab, shift, alarm, alias } = useShiftLab();

const history = () => lab.sim.lambda.aliasHistory(lab.fn, 'live').slice(1);
/** When version 4 first took all traffic, in the simulator's clock. */
const promotedAt = () => history().find((h) => h.functionVersion === '4')?.time;
/** When the canary's 10% was set. */
const canaryAt = () => history().find((h) => h.weights['4'] === 0.1)!.time;

/** A runner that dies at the canary step: no post step runs, the alias stays split. */
async function dieAtCanary(strategy = 'canary 10% 8s', runId?: string) {
  const run = shift({ strategy }, { runPost: false, ...(runId ? { runId } : {}) });
  await run.waitForLine(/Shifted: version 3 at 90% and version 4 at 10%/);
  run.kill({ runPost: false });
  await run;
  expect(alias()).toMatchObject({ weights: { '4': 0.1 }, record: { status: 'in-progress' } });
}

describe('a re-run after the runner died', () => {
  it('reads the alarms first and rolls back, never promoting, when one fired meanwhile', async () => {
    await dieAtCanary();
    lab.sim.cloudwatch.setAlarmState(alarm(), 'ALARM', 'Threshold Crossed: 5 errors');
    const rerun = await shift({ strategy: 'canary 10% 8s' }, { attempt: 2 });

    expect(rerun.exitCode).toBe(1);
    expect(history().some((h) => h.functionVersion === '4')).toBe(false);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    expect(errors(rerun)[0]).toMatch(/Rolled back to version 3: alarm in ALARM/);
  });

  it('holds the rest of the canary step, counted from when its weight was set', async () => {
    await dieAtCanary();
    const rerun = await shift({ strategy: 'canary 10% 8s' }, { attempt: 2 });

    expect(rerun.exitCode).toBe(0);
    expect(promotedAt()! - canaryAt()).toBeGreaterThanOrEqual(8_000);
    expect(alias()).toMatchObject({ version: '4', weights: {}, record: { status: 'succeeded' } });
  });
});

describe('two runs, one alias', () => {
  it('lets exactly one of two runs started together drive it; the other changes nothing', async () => {
    const [a, b] = await Promise.all([
      shift({ strategy: 'canary 10% 2s' }, { runId: '8000000001' }),
      shift({ strategy: 'canary 10% 2s' }, { runId: '8000000002' }),
    ]);
    const [winner, loser] = a.exitCode === 0 ? [a, b] : [b, a];
    expect(winner.exitCode).toBe(0);
    expect(loser.exitCode).toBe(1);
    const winnerId = winner === a ? '8000000001' : '8000000002';
    expect(errors(loser)[0]).toMatch(new RegExp(`run ${winnerId} attempt 1`));
    // Every write that landed carries the winner's record.
    const owners = new Set(history().map((h) => decodeRecord(h.description)?.owner?.runId));
    expect([...owners]).toEqual([winnerId]);
    expect(alias()).toMatchObject({ version: '4', weights: {}, record: { status: 'succeeded' } });
  });

  it('refuses a second run while the first is at 10%, naming the owner and take-over', async () => {
    const first = shift({ strategy: 'canary 10% 4s' }, { runId: '8000000001' });
    await first.waitForLine(/Shifted: version 3 at 90% and version 4 at 10%/);
    lab.sim.calls.clear();
    const second = await shift({ strategy: 'canary 10% 4s' }, { runId: '8000000002' });

    expect(second.exitCode).toBe(1);
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
    expect(errors(second)[0]).toMatch(
      /is being deployed \(version 3 -> 4, now version 3 at 90% and version 4 at 10%\) by run 8000000001 attempt 1 .*take-over: 8000000001/,
    );
    expect((await first).exitCode).toBe(0);
  });

  it('takes over a deployment whose run is gone only when told which run, keeping its hold', async () => {
    await dieAtCanary('canary 10% 8s', '8000000001');
    const refused = await shift({ strategy: 'canary 10% 8s' }, { runId: '8000000002' });
    expect(refused.exitCode).toBe(1);

    const taken = await shift(
      { strategy: 'canary 10% 8s', 'take-over': '8000000001' },
      { runId: '8000000002' },
    );
    expect(taken.exitCode).toBe(0);
    expect(taken.log).toMatch(/taken over from run 8000000001 \(take-over\)/);
    expect(promotedAt()! - canaryAt()).toBeGreaterThanOrEqual(8_000);
    expect(alias().record?.owner?.runId).toBe('8000000002');
  });
});

describe('someone else writes the alias mid-shift', () => {
  it('an identical rewrite (only the RevisionId moves) is carried on over', async () => {
    const run = shift({ strategy: 'canary 10% 3s' });
    await run.waitForLine(/Shifted: version 3 at 90% and version 4 at 10%/);
    const now = lab.sim.lambda.getAlias(lab.fn, 'live') as { Description: string };
    lab.sim.lambda.setAliasRouting(lab.fn, 'live', '3', { '4': 0.1 }, now.Description);
    const result = await run;

    expect(result.exitCode).toBe(0);
    expect(alias()).toMatchObject({ version: '4', weights: {}, record: { status: 'succeeded' } });
  });

  it('a change of weights stops the run, marks its record stopped and gives both fix commands', async () => {
    const run = shift({ strategy: 'canary 10% 3s' });
    await run.waitForLine(/Shifted: version 3 at 90% and version 4 at 10%/);
    lab.sim.lambda.setAliasRouting(lab.fn, 'live', '3', { '4': 0.3 });
    const result = await run;

    expect(result.exitCode).toBe(1);
    expect(alias()).toMatchObject({ version: '3', weights: { '4': 0.3 } });
    expect(alias().record?.status).toBe('stopped');
    expect(errors(result)[0]).toMatch(
      /Nothing was overwritten.*now says stopped\. The alias is at version 3 at 70% and version 4 at 30% .*--function-version 3 .*--function-version 4/,
    );
    expect(result.post?.log).toContain('The main step finished (stopped)');
  });

  it('a re-run that finds the alias on a version its record does not know refuses, changing nothing', async () => {
    await dieAtCanary();
    // Someone deployed version 2 by hand, leaving the description alone.
    lab.sim.lambda.setAliasRouting(lab.fn, 'live', '2', {});
    lab.sim.calls.clear();
    const rerun = await shift({ strategy: 'canary 10% 8s' }, { attempt: 2 });

    expect(rerun.exitCode).toBe(1);
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
    expect(errors(rerun)[0]).toMatch(
      /is fully on version 2, but its record says a deployment of version 3 -> 4 is in progress.*--description ''/,
    );
  });
});
