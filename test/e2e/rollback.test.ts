// The built rollback bundle, run like the GitHub runner runs it, against the simulator:
// the states a failed bake, a crashed shift and a meddling colleague leave behind.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { encodeRecord, type DeploymentRecord } from '../../src/core/deployment-record.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { runAction } from '../harness/runner.js';
import { aliasNow } from '../fixtures/alias-now.js';

let sim: Simulator;
let fn = '';
let counter = 0;

const record = (status: DeploymentRecord['status']): DeploymentRecord => ({
  previousVersion: '3',
  version: '4',
  strategy: 'canary 10% 5m',
  startedAt: Date.UTC(2026, 0, 5, 9, 0, 0),
  status,
  runUrl: 'https://github.com/octo-org/orders-service/actions/runs/7000000001',
});

function rollback(inputs: Record<string, string> = {}) {
  return runAction({
    action: 'rollback',
    inputs: { 'function-name': fn, alias: 'live', ...inputs },
    env: sim.env,
    timeoutMs: 30_000,
  });
}

const alias = () => aliasNow(sim, fn);

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => {
  fn = `orders-${++counter}`;
  sim.lambda.createFunctionWithVersions(fn, 5);
  sim.calls.clear();
});

describe('rollback e2e', () => {
  it('after a failed bake: alias fully on the new version goes back, record rolled back, deployment failure', async () => {
    sim.lambda.createAlias(fn, 'live', '4', {}, encodeRecord(record('succeeded')));

    const result = await rollback({
      reason: 'bake-and-watch failed: error rate 4.1% vs 0.2%',
      'github-token': 'ghs_e2etoken',
      environment: 'production',
    });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({
      'restored-version': '3',
      'from-version': '4',
      changed: 'true',
    });
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: record('rolled-back') });
    expect(result.summary).toContain('Rolled back');
    expect(result.summary).toContain('bake-and-watch failed: error rate 4.1% vs 0.2%');
    const statuses = sim.github.deployments.flatMap((d) =>
      d.statuses.map((s) => [d.environment, s.state, s.description]),
    );
    expect(statuses).toEqual([
      [
        'production',
        'failure',
        'Rolled back to version 3: bake-and-watch failed: error rate 4.1% vs 0.2%',
      ],
    ]);
    // The runner masks what ::add-mask:: names; no other line may carry the token.
    const lines = result.log.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(lines.join('\n')).not.toContain('ghs_e2etoken');
    expect(result.masks).toContain('ghs_e2etoken');
  });

  it('after a crash mid-shift: a split alias is unsplit onto the previous version', async () => {
    sim.lambda.createAlias(fn, 'live', '3', { '4': 0.3 }, encodeRecord(record('in-progress')));

    const result = await rollback({ reason: 'shift-traffic job crashed' });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['from-version']).toBe('4');
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    expect(result.summary).toContain('it was at version 3 at 70% and version 4 at 30%');
  });

  it('twice in a row: the second run is a success that changes nothing', async () => {
    sim.lambda.createAlias(fn, 'live', '3', { '4': 0.1 }, encodeRecord(record('in-progress')));

    const first = await rollback();
    const revision = alias().revision;
    sim.calls.clear();
    const second = await rollback();

    expect(first.outputs.changed).toBe('true');
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toEqual({
      'restored-version': '3',
      'from-version': '',
      changed: 'false',
    });
    expect(second.summary).toContain('was already fully on version 3: nothing to roll back');
    expect(sim.calls.count('UpdateAlias')).toBe(0);
    expect(alias().revision).toBe(revision);
  });

  it('to an explicit version, on an alias without a record', async () => {
    sim.lambda.createAlias(fn, 'live', '5');

    const result = await rollback({ version: '2', reason: 'known good' });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({
      'restored-version': '2',
      'from-version': '5',
      changed: 'true',
    });
    expect(alias()).toMatchObject({
      version: '2',
      weights: {},
      record: { previousVersion: '2', version: '5', strategy: 'rollback', status: 'rolled-back' },
    });
  });

  it('to a version that does not exist: says so, and that nothing changed', async () => {
    sim.lambda.createAlias(fn, 'live', '5');
    const before = alias();

    const result = await rollback({ version: '9' });

    expect(result.exitCode).toBe(1);
    expect(alias()).toEqual(before);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
      new RegExp(
        `^Version 9 of ${fn} was not found .*nothing was changed: the alias is at version 5 at 100%`,
      ),
    );
  });

  it('refuses when someone else moved the alias to a third version: changes nothing, says how to fix', async () => {
    sim.lambda.createAlias(fn, 'live', '3', { '4': 0.2 }, encodeRecord(record('in-progress')));
    sim.lambda.setAliasRouting(fn, 'live', '5');
    const before = alias();
    sim.calls.clear();

    const result = await rollback();

    expect(result.exitCode).toBe(1);
    expect(sim.calls.count('UpdateAlias')).toBe(0);
    expect(alias()).toEqual(before);
    const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toMatch(/routes to version 5, which this deployment \(3 -> 4\) did not set/);
    expect(error).toContain(`The alias is at version 5 at 100% (revision ${before.revision})`);
    expect(error).toContain(
      `aws lambda update-alias --function-name ${fn} --name live --function-version 3 --routing-config 'AdditionalVersionWeights={}'`,
    );
    expect(result.summary).toContain(
      `Rollback of ${fn}:live failed; the alias is at version 5 at 100%.`,
    );
    expect(result.summary).toContain('Restore version 3 by hand');
  });

  it('refuses when the alias changes after it was read: the stale RevisionId overwrites nothing', async () => {
    sim.lambda.createAlias(fn, 'live', '3', { '4': 0.2 }, encodeRecord(record('in-progress')));
    // Hold the update long enough for a colleague's deploy to land between read and write.
    sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'latency', latencyMs: 1000, count: 1 });

    const run = rollback();
    await run.waitForLine('Restoring version 3');
    sim.lambda.setAliasRouting(fn, 'live', '5');
    const result = await run;

    expect(result.exitCode).toBe(1);
    expect(alias()).toMatchObject({ version: '5', weights: {} });
    const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toMatch(
      /changed by someone else: expected version 3 at 80% and version 4 at 20%/,
    );
    expect(error).toMatch(/found version 5 at 100%/);
    expect(error).toContain('--function-version 3');
  });

  it('a cancelled job does not stop the rollback half way: the restore finishes', async () => {
    sim.lambda.createAlias(fn, 'live', '3', { '4': 0.5 }, encodeRecord(record('in-progress')));
    sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'latency', latencyMs: 1500, count: 1 });

    const run = rollback();
    await run.waitForLine('Restoring version 3');
    run.cancel();
    const result = await run;

    expect(result.cancelled).toBe(true);
    expect(result.killed).toBe(false);
    expect(result.exitCode).toBe(0);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    expect(result.annotations.map((a) => a.message)).toContain(
      'The job was cancelled; finishing the rollback, which is the safe state.',
    );
  });

  it('rides out throttling of UpdateAlias', async () => {
    sim.lambda.createAlias(fn, 'live', '4', {}, encodeRecord(record('succeeded')));
    sim.faults.add({
      operation: 'Lambda.UpdateAlias',
      kind: 'throttle',
      count: 2,
      retryAfterSeconds: 1,
    });

    const result = await rollback();

    expect(result.exitCode).toBe(0);
    expect(alias()).toMatchObject({ version: '3', weights: {} });
    expect(sim.calls.count('UpdateAlias')).toBeGreaterThanOrEqual(3);
  });

  it('refuses bad input before any AWS call', async () => {
    sim.lambda.createAlias(fn, 'live', '4', {}, encodeRecord(record('succeeded')));

    const result = await rollback({ version: '$LATEST' });

    expect(result.exitCode).toBe(1);
    expect(result.annotations.map((a) => a.message).join('\n')).toMatch(
      /Input 'version' is '\$LATEST'; expected a published version number/,
    );
    expect(sim.calls.records).toEqual([]);
  });
});
