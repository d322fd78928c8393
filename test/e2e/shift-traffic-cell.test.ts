// A cell of three functions shifted as one deployment by the built bundle, on the simulator:
// every step moves every alias, an alarm on one function restores all three, a cancel
// restores all three, and each alias records its own versions and the cell's name.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { runAction } from '../harness/runner.js';
import { aliasNow } from '../fixtures/alias-now.js';
import { errorAnnotations as errors, useSimulator } from '../fixtures/simulator.js';

const lab = useSimulator({ clock: 'wall', alarmEvaluationIntervalMs: 3_600_000 });
/** Three functions: the first on version 3 -> 4, the others on 1 -> 2. */
const fns = () => [`${lab.fn}-a`, `${lab.fn}-b`, `${lab.fn}-c`];
const alarm = () => `${lab.fn}-b-v2-errors`;

beforeEach(() => {
  for (const [i, fn] of fns().entries()) {
    lab.sim.lambda.createFunctionWithVersions(fn, i === 0 ? 4 : 2);
    lab.sim.lambda.createAlias(fn, 'live', i === 0 ? '3' : '1');
  }
  lab.sim.cloudwatch.putVersionErrorsAlarm({
    name: alarm(),
    functionName: fns()[1],
    alias: 'live',
    version: '2',
    state: 'OK',
  });
});

function shift(inputs: Record<string, string> = {}) {
  const [a, b, c] = fns();
  return runAction({
    action: 'shift-traffic',
    inputs: {
      functions: `${a}=4\n${b}:live=2\n\n${c}=2\n`,
      'cell-name': 'checkout',
      alias: 'live',
      alarms: alarm(),
      'poll-interval': '1s',
      ...inputs,
    },
    env: lab.sim.env,
    timeoutMs: 45_000,
  });
}

const versions = () => fns().map((fn) => aliasNow(lab.sim, fn));

describe('shift-traffic with a cell of functions', () => {
  it('moves every alias at every step and ends with each fully on its new version', async () => {
    const result = await shift({ strategy: 'canary 10% 2s' });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      'previous-version': '3,1,1',
      version: '4,2,2',
      status: 'succeeded',
    });
    expect(versions().map((v) => [v.version, v.weights])).toEqual([
      ['4', {}],
      ['2', {}],
      ['2', {}],
    ]);
    expect(versions().map((v) => v.record)).toEqual([
      expect.objectContaining({
        previousVersion: '3',
        version: '4',
        cell: 'checkout',
        status: 'succeeded',
      }),
      expect.objectContaining({
        previousVersion: '1',
        version: '2',
        cell: 'checkout',
        status: 'succeeded',
      }),
      expect.objectContaining({
        previousVersion: '1',
        version: '2',
        cell: 'checkout',
        status: 'succeeded',
      }),
    ]);
    // Each alias went 10% then 100%, in lockstep, every write with the RevisionId it read.
    for (const [i, fn] of fns().entries()) {
      const next = i === 0 ? '4' : '2';
      const steps = lab.sim.lambda
        .aliasHistory(fn, 'live')
        .slice(1)
        .map((h) => (h.functionVersion === next ? 1 : (h.weights[next] ?? 0)));
      expect(steps).toEqual([0, 0.1, 1, 1]);
    }
    const updates = lab.sim.calls.list({ operation: 'UpdateAlias' });
    expect(updates).toHaveLength(12);
    expect(updates.every((c) => typeof c.params.RevisionId === 'string' && c.status === 200)).toBe(
      true,
    );
    expect(result.summary).toContain('### Functions of the cell (3)');
    expect(result.summary).toMatch(/\*\*Version 4,2,2 now takes all traffic of cell checkout/);
  });

  it('an alarm on one function restores all three', async () => {
    const run = shift({ strategy: 'canary 10% 30s' });
    await run.waitForLine(/Shifted: version 3,1,1 at 90% and version 4,2,2 at 10%/);
    lab.sim.cloudwatch.setAlarmState(alarm(), 'ALARM', 'Threshold Crossed: 3 errors');
    const result = await run;

    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('rolled-back');
    expect(versions().map((v) => [v.version, v.weights, v.record?.status])).toEqual([
      ['3', {}, 'rolled-back'],
      ['1', {}, 'rolled-back'],
      ['1', {}, 'rolled-back'],
    ]);
    expect(errors(result).join('\n')).toContain(alarm());
  });

  it('a cancel (SIGINT) restores all three inside the cancel window', async () => {
    const run = shift({ strategy: 'linear 10% every 5s' });
    await run.waitForLine(/Shifted: version 3,1,1 at 80% and version 4,2,2 at 20%/);
    run.cancel();
    const result = await run;

    expect(result.cancelled).toBe(true);
    expect(versions().map((v) => [v.version, v.weights, v.record?.status])).toEqual([
      ['3', {}, 'rolled-back'],
      ['1', {}, 'rolled-back'],
      ['1', {}, 'rolled-back'],
    ]);
  });

  it('SIGKILL mid-shift: the post step restores every function of the cell', async () => {
    const run = shift({ strategy: 'linear 10% every 5s' });
    await run.waitForLine(/Shifted: version 3,1,1 at 80% and version 4,2,2 at 20%/);
    run.kill();
    const result = await run;

    expect(result.killed).toBe(true);
    expect(result.post?.exitCode).toBe(0);
    expect(result.post?.log).toContain('Restored cell checkout');
    expect(versions().map((v) => [v.version, v.weights])).toEqual([
      ['3', {}],
      ['1', {}],
      ['1', {}],
    ]);
  });

  it('someone else changes one alias mid-step: nothing of theirs is overwritten, and every function gets its fix commands', async () => {
    // The three claims, then the 10% step: the fifth UpdateAlias is the second function's,
    // and someone sets that alias to 30% just before it lands.
    lab.sim.faults.add({
      operation: 'Lambda.UpdateAlias',
      kind: 'stale-foreign',
      skip: 4,
      count: 1,
      aliasChange: { weights: { '2': 0.3 } },
    });
    const result = await shift({ strategy: 'canary 10% 30s' });

    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('halted');
    expect(aliasNow(lab.sim, fns()[1]).weights).toEqual({ '2': 0.3 });
    const text = errors(result).join('\n');
    expect(text).toMatch(/was changed by someone else.*Nothing was overwritten/);
    for (const [i, fn] of fns().entries()) {
      const [previous, next] = i === 0 ? ['3', '4'] : ['1', '2'];
      expect(text).toContain(`--function-name ${fn} --name live --function-version ${previous} `);
      expect(text).toContain(`--function-name ${fn} --name live --function-version ${next} `);
    }
  });

  it('the rollback action, given the same functions, puts every alias back as one', async () => {
    expect((await shift({ strategy: 'all-at-once' })).exitCode).toBe(0);
    const [a, b, c] = fns();
    const result = await runAction({
      action: 'rollback',
      inputs: {
        functions: `${a}=4\n${b}:live=2\n${c}`,
        'cell-name': 'checkout',
        alias: 'live',
        reason: 'e2e: the cell is bad',
      },
      env: lab.sim.env,
      timeoutMs: 45_000,
    });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ 'restored-version': '3,1,1', changed: 'true' });
    expect(versions().map((v) => [v.version, v.weights, v.record?.status])).toEqual([
      ['3', {}, 'rolled-back'],
      ['1', {}, 'rolled-back'],
      ['1', {}, 'rolled-back'],
    ]);
    expect(result.summary).toContain('Rolled back cell checkout to version 3,1,1.');
  });

  it('check-blockers blocks while any alias of the cell is split, with a fix command for each', async () => {
    const [a, b, c] = fns();
    lab.sim.lambda.setAliasRouting(b, 'live', '1', { '2': 0.1 });
    const result = await runAction({
      action: 'check-blockers',
      inputs: { functions: `${a}=4\n${b}=2\n${c}=2`, 'cell-name': 'checkout', alias: 'live' },
      env: lab.sim.env,
      timeoutMs: 45_000,
    });

    expect(result.outputs.blocked).toBe('true');
    const text = errors(result).join('\n');
    expect(text).toMatch(/alias cell checkout is split/);
    for (const fn of fns())
      expect(text).toContain(`aws lambda update-alias --function-name ${fn} --name live`);
  });

  it("a 50-function cell under Lambda's control-plane rate: paced under it, all on the new version", async () => {
    const many = Array.from({ length: 50 }, (_, i) => `${lab.fn}-m${i}`);
    for (const fn of many) {
      lab.sim.lambda.createFunctionWithVersions(fn, 2);
      lab.sim.lambda.createAlias(fn, 'live', '1');
    }
    lab.sim.lambda.setControlPlaneRate(15);
    const result = await runAction({
      action: 'shift-traffic',
      inputs: {
        functions: many.map((fn) => `${fn}=2`).join('\n'),
        'cell-name': 'fleet',
        alias: 'live',
        alarms: alarm(),
        strategy: 'canary 10% 1s',
        'poll-interval': '1s',
      },
      env: lab.sim.env,
      timeoutMs: 150_000,
    });

    expect(result.exitCode).toBe(0);
    expect(many.map((fn) => aliasNow(lab.sim, fn).version)).toEqual(many.map(() => '2'));
    const lambdaCalls = lab.sim.calls.list({ service: 'Lambda' });
    // The cell starts at most 10 calls a second against the limit of 15. A loaded machine can
    // delay a few requests into the next second, so a stray 429 (which the SDK retries) is
    // tolerated; without pacing, 50 aliases at 5 at a time draw dozens.
    expect(lambdaCalls.filter((c) => c.status === 429).length).toBeLessThanOrEqual(3);
    const updates = lambdaCalls.filter((c) => c.operation === 'UpdateAlias').map((c) => c.time);
    expect(updates.length).toBeGreaterThanOrEqual(200);
    for (const t of updates)
      expect(updates.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(15);
  }, 160_000);

  it('refuses a cell line it cannot read, naming the input, before any AWS call', async () => {
    const result = await shift({ functions: `${fns()[0]}=4\n${fns()[1]}` });
    expect(result.exitCode).toBe(1);
    expect(errors(result)[0]).toMatch(/^Input 'functions' is '.*-b'; expected one function a line/);
    expect(lab.sim.calls.list({ operation: 'GetAlias' })).toHaveLength(0);
  });
});
