// The built rollback bundle, run like the GitHub runner runs it, against the simulator:
// the states a failed bake, a crashed shift and a meddling colleague leave behind.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { encodeRecord, type DeploymentRecord } from '../../src/core/deployment-record.js';
import { runAction } from '../harness/runner.js';
import { aliasNow } from '../fixtures/alias-now.js';
import { useSimulator } from '../fixtures/simulator.js';

const lab = useSimulator();

/** The harness's workflow run (GITHUB_RUN_ID): the run the rollback step belongs to. */
const THIS_RUN = '7001234567';
/** An earlier workflow run: the one that deployed the last good release. */
const EARLIER_RUN = '7000000001';

const record = (status: DeploymentRecord['status'], runId = THIS_RUN): DeploymentRecord => ({
  previousVersion: '3',
  version: '4',
  strategy: 'canary 10% 5m',
  startedAt: Date.UTC(2026, 0, 5, 9, 0, 0),
  status,
  runUrl: `https://github.com/octo-org/orders-service/actions/runs/${runId}`,
  owner: { runId, attempt: 1, token: '5eed5eed' },
});

function rollback(inputs: Record<string, string> = {}) {
  return runAction({
    action: 'rollback',
    inputs: { 'function-name': lab.fn, alias: 'live', ...inputs },
    env: lab.sim.env,
    timeoutMs: 30_000,
  });
}

/** The record as the alias's description carries it. */
const encodedRecord = (status: DeploymentRecord['status'], runId = THIS_RUN) =>
  encodeRecord(record(status, runId));

const alias = () => aliasNow(lab.sim, lab.fn);

/** Holds the next UpdateAlias for `latencyMs`, so something can happen while it is in flight. */
const delayNextUpdateAlias = (latencyMs: number) =>
  lab.sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'latency', latencyMs, count: 1 });

beforeEach(() => {
  lab.sim.lambda.createFunctionWithVersions(lab.fn, 5);
});

describe('rollback e2e', () => {
  it('after a failed bake: alias fully on the new version goes back, record rolled back, deployment failure', async () => {
    lab.sim.lambda.createAlias(lab.fn, 'live', '4', {}, encodedRecord('succeeded'));

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
    const statuses = lab.sim.github.deployments.flatMap((d) =>
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
    lab.sim.lambda.createAlias(lab.fn, 'live', '3', { '4': 0.3 }, encodedRecord('in-progress'));

    const result = await rollback({ reason: 'shift-traffic job crashed' });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['from-version']).toBe('4');
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    expect(result.summary).toContain('| Before | version 3 at 70% and version 4 at 30% (revision');
  });

  it('twice in a row: the second run is a success that changes nothing', async () => {
    lab.sim.lambda.createAlias(lab.fn, 'live', '3', { '4': 0.1 }, encodedRecord('in-progress'));

    const first = await rollback();
    const revision = alias().revision;
    lab.sim.calls.clear();
    const second = await rollback();

    expect(first.outputs.changed).toBe('true');
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toEqual({
      'restored-version': '3',
      'from-version': '',
      changed: 'false',
    });
    expect(second.summary).toContain('was already fully on version 3: nothing to roll back');
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
    expect(alias().revision).toBe(revision);
  });

  it('after an earlier step failed, before this run deployed: the last good release is left alone', async () => {
    // The alias carries the record of the run that released version 4, which succeeded.
    lab.sim.lambda.createAlias(lab.fn, 'live', '4', {}, encodedRecord('succeeded', EARLIER_RUN));
    const before = alias();
    lab.sim.calls.clear();

    const result = await rollback({ reason: 'the build step failed' });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({
      'restored-version': '',
      'from-version': '',
      changed: 'false',
    });
    expect(alias()).toEqual(before);
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
    const notice = result.annotations.find((a) => a.level === 'notice');
    expect(notice?.message).toMatch(
      new RegExp(
        `belongs to run ${EARLIER_RUN} attempt 1 .*not to this run \\(${THIS_RUN}\\); nothing was rolled back\\. To undo it deliberately, run the rollback with undo: latest\\.`,
      ),
    );
    expect(result.summary).toContain('Nothing rolled back');
  });

  it('with undo: latest (a manual dispatch): undoes the latest deployment, whoever made it', async () => {
    lab.sim.lambda.createAlias(lab.fn, 'live', '4', {}, encodedRecord('succeeded', EARLIER_RUN));

    const result = await rollback({ undo: 'latest', reason: 'customer reports since 4 shipped' });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({
      'restored-version': '3',
      'from-version': '4',
      changed: 'true',
    });
    expect(alias()).toMatchObject({
      version: '3',
      weights: {},
      record: { status: 'rolled-back', owner: { runId: EARLIER_RUN } },
    });
  });

  it('to an explicit version, on an alias without a record', async () => {
    lab.sim.lambda.createAlias(lab.fn, 'live', '5');

    const result = await rollback({
      undo: 'latest',
      'previous-version': '2',
      reason: 'known good',
    });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({
      'restored-version': '2',
      'from-version': '5',
      changed: 'true',
    });
    expect(alias()).toMatchObject({
      version: '2',
      weights: {},
      record: {
        previousVersion: '2',
        version: '5',
        strategy: 'rollback',
        status: 'rolled-back',
        owner: { runId: THIS_RUN },
      },
    });
  });

  it('to a version that does not exist: says so, and that nothing changed', async () => {
    lab.sim.lambda.createAlias(lab.fn, 'live', '5');
    const before = alias();

    const result = await rollback({ undo: 'latest', 'previous-version': '9' });

    expect(result.exitCode).toBe(1);
    expect(alias()).toEqual(before);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
      new RegExp(
        `^Version 9 of ${lab.fn} was not found .*nothing was changed: the alias is at version 5 at 100%`,
      ),
    );
  });

  it('refuses when someone else moved the alias to a third version: changes nothing, says how to fix', async () => {
    lab.sim.lambda.createAlias(lab.fn, 'live', '3', { '4': 0.2 }, encodedRecord('in-progress'));
    lab.sim.lambda.setAliasRouting(lab.fn, 'live', '5');
    const before = alias();
    lab.sim.calls.clear();

    const result = await rollback();

    expect(result.exitCode).toBe(1);
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
    expect(alias()).toEqual(before);
    const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toMatch(/routes to version 5, which this deployment \(3 -> 4\) did not set/);
    expect(error).toContain(`The alias is at version 5 at 100% (revision ${before.revision})`);
    expect(error).toContain(
      `aws lambda update-alias --function-name ${lab.fn} --name live --function-version 3 --routing-config 'AdditionalVersionWeights={}'`,
    );
    expect(result.summary).toContain(`**Rollback of ${lab.fn}:live failed.**`);
    expect(result.summary).toContain('| Alias now | version 5 at 100% (revision');
    expect(result.summary).toContain('Restore version 3 by hand');
  });

  it('refuses when the alias changes after it was read: the stale RevisionId overwrites nothing', async () => {
    lab.sim.lambda.createAlias(lab.fn, 'live', '3', { '4': 0.2 }, encodedRecord('in-progress'));
    // Hold the update long enough for a colleague's deploy to land between read and write.
    delayNextUpdateAlias(1000);

    const run = rollback();
    await run.waitForLine('Restoring version 3');
    lab.sim.lambda.setAliasRouting(lab.fn, 'live', '5');
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
    lab.sim.lambda.createAlias(lab.fn, 'live', '3', { '4': 0.5 }, encodedRecord('in-progress'));
    delayNextUpdateAlias(1500);

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
    lab.sim.lambda.createAlias(lab.fn, 'live', '4', {}, encodedRecord('succeeded'));
    lab.sim.faults.add({
      operation: 'Lambda.UpdateAlias',
      kind: 'throttle',
      count: 2,
      retryAfterSeconds: 1,
    });

    const result = await rollback();

    expect(result.exitCode).toBe(0);
    expect(alias()).toMatchObject({ version: '3', weights: {} });
    expect(lab.sim.calls.count('UpdateAlias')).toBeGreaterThanOrEqual(3);
  });

  it('refuses bad input before any AWS call', async () => {
    lab.sim.lambda.createAlias(lab.fn, 'live', '4', {}, encodedRecord('succeeded'));

    const result = await rollback({ 'previous-version': '$LATEST' });

    expect(result.exitCode).toBe(1);
    expect(result.annotations.map((a) => a.message).join('\n')).toMatch(
      /Input 'previous-version' is '\$LATEST'; expected a published version number/,
    );
    expect(lab.sim.calls.records).toEqual([]);
  });

  it('with provisioned concurrency on the alias: done when the allocation is READY again, else fails naming it', async () => {
    lab.sim.lambda.createAlias(lab.fn, 'live', '4', {}, encodedRecord('succeeded'));
    lab.sim.lambda.setProvisionedConcurrency(lab.fn, 'live', 10);
    const ok = await rollback();
    expect(ok.exitCode).toBe(0);
    expect(alias()).toMatchObject({ version: '3', weights: {} });
    expect(ok.log).toContain(
      'Then after the restore, provisioned concurrency READY: 10 of 10 allocated',
    );

    lab.sim.lambda.setAliasRouting(lab.fn, 'live', '4', {}, encodedRecord('succeeded'));
    lab.sim.lambda.setProvisionedConcurrency(lab.fn, 'live', 10, {
      failWith: 'The account has insufficient unreserved concurrency',
    });
    const failed = await rollback();
    expect(failed.exitCode).toBe(1);
    expect(alias()).toMatchObject({ version: '3', weights: {} });
    const error = failed.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toContain(
      'The alias is restored, but after the restore the provisioned concurrency allocation FAILED: The account has insufficient unreserved concurrency',
    );
    expect(error).toContain(
      `aws lambda get-provisioned-concurrency-config --function-name ${lab.fn} --qualifier live`,
    );
  });

  it('without provisioned concurrency: one GetProvisionedConcurrencyConfig after a restore, none when nothing moved', async () => {
    lab.sim.lambda.createAlias(lab.fn, 'live', '4', {}, encodedRecord('succeeded'));
    expect((await rollback()).exitCode).toBe(0);
    expect(lab.sim.calls.count('GetProvisionedConcurrencyConfig')).toBe(1);
    lab.sim.calls.clear();
    expect((await rollback()).exitCode).toBe(0);
    expect(lab.sim.calls.count('GetProvisionedConcurrencyConfig')).toBe(0);
  });
});
