// The built shift-traffic bundle, run like the GitHub runner runs it (main, then post with
// STATE_*), against the simulator on the wall clock: clean shifts, an alarm, a colleague's
// UpdateAlias, throttling and 500s, refusals, hooks. Every scenario ends with the alias fully
// on one version, or fails saying exactly where it is. Cancels and crashes are in
// shift-traffic-interrupted.test.ts.
import { describe, expect, it } from '@jest/globals';
import { decodeRecord } from '../../src/core/deployment-record.js';
import { errorAnnotations as errors } from '../fixtures/simulator.js';
import { useShiftLab } from '../fixtures/shift-lab.js';

const { lab, alarm, shift, alias, weights } = useShiftLab();

describe('shift-traffic e2e', () => {
  it('clean canary: records, shifts 10%, watches, ends fully on the new version, marks the deployment', async () => {
    const result = await shift({
      strategy: 'canary 10% 2s',
      'github-token': 'ghs_e2etoken',
      environment: 'production',
    });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      'previous-version': '3',
      version: '4',
      status: 'succeeded',
    });
    expect(Number(result.outputs['duration-seconds'])).toBeGreaterThanOrEqual(2);
    expect(alias()).toMatchObject({
      version: '4',
      weights: {},
      record: {
        previousVersion: '3',
        version: '4',
        status: 'succeeded',
        strategy: 'canary 10% 2s',
      },
    });
    expect(weights()).toEqual([0, 0.1, 1, 1]);
    // The record is written before the first shift, with the run URL.
    const first = lab.sim.lambda.aliasHistory(lab.fn, 'live')[1];
    expect(decodeRecord(first.description)).toMatchObject({
      status: 'in-progress',
      runUrl: 'https://github.com/octo-org/orders-service/actions/runs/7001234567',
    });
    expect(result.summary).toMatch(
      /\*\*Version 4 now takes all traffic of orders-\d+:live \(was version 3\), shifted by "canary 10% 2s"/,
    );
    expect(result.summary).toContain('| 1 | 10% | 2s |');
    expect(result.summary).toContain('xychart-beta');
    const statuses = lab.sim.github.deployments.flatMap((d) => d.statuses.map((s) => s.state));
    expect(statuses).toEqual(['in_progress', 'success']);
    expect(result.post?.exitCode).toBe(0);
    expect(result.post?.log).toContain('The main step finished (succeeded): nothing to clean up.');
    expect(
      result.log
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain('ghs_e2etoken');
  });

  it('clean linear: every step in order, each UpdateAlias with the RevisionId it read', async () => {
    const result = await shift({ strategy: 'linear 25% every 1s' });

    expect(result.exitCode).toBe(0);
    expect(weights()).toEqual([0, 0.25, 0.5, 0.75, 1, 1]);
    const updates = lab.sim.calls.list({ operation: 'UpdateAlias' });
    expect(updates.every((c) => typeof c.params.RevisionId === 'string' && c.status === 200)).toBe(
      true,
    );
    expect(alias()).toMatchObject({ version: '4', weights: {} });
  });

  it('alarm mid-canary: one UpdateAlias restores the previous version, and the alarm is named', async () => {
    const run = shift({ strategy: 'canary 10% 30s' });
    await run.waitForLine(/Shifted: version 3 at 90% and version 4 at 10%/);
    lab.sim.cloudwatch.setAlarmState(alarm(), 'ALARM', 'Threshold Crossed: 3 errors');
    const fired = Date.now();
    const result = await run;

    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('rolled-back');
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    expect(weights()).toEqual([0, 0.1, 0]);
    const restoredAt = lab.sim.lambda.aliasHistory(lab.fn, 'live').at(-1)!.time;
    expect(restoredAt - fired).toBeLessThan(3000);
    expect(errors(result)[0]).toContain(`${alarm()} (Threshold Crossed: 3 errors)`);
    expect(result.summary).toMatch(
      /\*\*Rolled back: orders-\d+:live is fully on version 3 again because an alarm fired\.\*\*/,
    );
    expect(result.summary).toMatch(/\| Reason \| alarm in ALARM/);
  });

  it('a different version is refused while a deployment is in flight, changing nothing', async () => {
    const run = shift({ strategy: 'linear 25% every 3s' }, { runPost: false });
    await run.waitForLine(/Shifted: version 3 at 75% and version 4 at 25%/);
    run.kill({ runPost: false });
    await run;
    lab.sim.calls.clear();

    // Even a re-run of the owning run may only finish what it started.
    const other = await shift({ version: '2', strategy: 'all-at-once' }, { attempt: 2 });
    expect(other.exitCode).toBe(1);
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
    expect(errors(other)[0]).toMatch(
      /in the middle of a deployment of version 4 .* refusing to deploy version 2 over it/,
    );
  });

  it('a concurrent UpdateAlias stops the shift without overwriting it', async () => {
    const run = shift({ strategy: 'linear 10% every 2s' });
    await run.waitForLine(/Shifted: version 3 at 90% and version 4 at 10%/);
    lab.sim.lambda.setAliasRouting(lab.fn, 'live', '3', { '4': 0.05 });
    const result = await run;

    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('halted');
    expect(alias()).toMatchObject({ version: '3', weights: { '4': 0.05 } });
    expect(errors(result)[0]).toMatch(
      /was changed by someone else: expected version 3 at 90% and version 4 at 10% .* found version 3 at 95% and version 4 at 5%.*Nothing was overwritten/,
    );
    expect(result.post?.log).toContain('The main step finished (stopped)');
  });

  it('throttling bursts and 500s are retried and the shift still ends fully on the new version', async () => {
    lab.sim.faults.add({
      operation: 'Lambda.UpdateAlias',
      kind: 'throttle',
      count: 3,
      retryAfterSeconds: 1,
    });
    lab.sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'server-error', probability: 0.2 });
    lab.sim.faults.add({ operation: 'Lambda.GetAlias', kind: 'server-error', count: 2 });
    lab.sim.faults.add({ operation: 'DescribeAlarms', kind: 'server-error', probability: 0.3 });
    const result = await shift({ strategy: 'linear 50% every 1s' });
    lab.sim.faults.clear();

    expect(result.exitCode).toBe(0);
    expect(alias()).toMatchObject({ version: '4', weights: {} });
    expect(lab.sim.calls.list({ operation: 'UpdateAlias' }).some((c) => c.status === 429)).toBe(
      true,
    );
  });

  it('an alarm during an UpdateAlias 500 burst still ends restored', async () => {
    const run = shift({ strategy: 'canary 10% 20s' });
    await run.waitForLine(/Shifted: version 3 at 90% and version 4 at 10%/);
    lab.sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'server-error', count: 3 });
    lab.sim.cloudwatch.setAlarmState(alarm(), 'ALARM', 'Threshold Crossed');
    const result = await run;

    expect(result.outputs.status).toBe('rolled-back');
    expect(alias()).toMatchObject({ version: '3', weights: {} });
  });

  it('bad input is refused before any UpdateAlias, naming the input and the form', async () => {
    const result = await shift({ strategy: 'canary 10%' });
    expect(result.exitCode).toBe(1);
    expect(errors(result)[0]).toMatch(
      /Input 'strategy' is 'canary 10%'; expected canary takes a percentage and a duration/,
    );
    const latest = await shift({ version: '$LATEST' });
    expect(errors(latest)[0]).toMatch(/Input 'version' is '\$LATEST'/);
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
  });

  it('refuses a version that does not exist, or with another execution role, before any change', async () => {
    const missing = await shift({ version: '9' });
    expect(errors(missing)[0]).toMatch(/version 9 does not exist/);
    lab.sim.lambda.publishVersion(lab.fn, undefined, 'arn:aws:iam::123456789012:role/other');
    const otherRole = await shift({ version: '5' });
    expect(errors(otherRole)[0]).toMatch(/versions 3 and 5 have different execution roles/);
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
  });

  it('refuses a new version whose last update failed, and an Inactive version to roll back to, before any change', async () => {
    lab.sim.lambda.setVersionState(lab.fn, '4', {
      LastUpdateStatus: 'Failed',
      LastUpdateStatusReason: 'The runtime failed to initialise',
    });
    const failed = await shift();
    expect(failed.exitCode).toBe(1);
    expect(errors(failed)[0]).toMatch(
      /the last update of version 4 failed \(The runtime failed to initialise\); publish a new version\. Nothing changed\./,
    );

    lab.sim.lambda.setVersionState(lab.fn, '4', { LastUpdateStatus: 'Successful' });
    lab.sim.lambda.setVersionState(lab.fn, '3', { State: 'Inactive', StateReason: 'idle' });
    const inactive = await shift();
    expect(inactive.exitCode).toBe(1);
    expect(errors(inactive)[0]).toMatch(
      /version 3, the one a rollback returns to, is Inactive \(idle\)/,
    );
    expect(errors(inactive)[0]).toContain(
      `aws lambda invoke --function-name ${lab.fn}:3 /dev/null`,
    );
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
    expect(alias()).toMatchObject({ version: '3', weights: {} });
  });

  it('an alias already fully on the version is a no-op success that says so', async () => {
    lab.sim.lambda.setAliasRouting(lab.fn, 'live', '4');
    lab.sim.calls.clear();
    const result = await shift();
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('succeeded');
    expect(result.summary).toContain('is already fully on version 4: nothing to do');
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
  });

  it('an alarm already firing refuses the start and changes nothing', async () => {
    lab.sim.cloudwatch.setAlarmState(alarm(), 'ALARM', 'still broken');
    const result = await shift({ strategy: 'all-at-once' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('');
    expect(errors(result)[0]).toMatch(/Did not start: alarm in ALARM/);
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
  });

  it('a failing before-traffic command hook ends with no traffic ever on the new version', async () => {
    const result = await shift({
      strategy: 'canary 10% 2s',
      'before-traffic': `"${process.execPath}" -e "console.log(process.env.SAFE_DEPLOY_QUALIFIED_VERSION); process.exit(3)"`,
    });

    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('rolled-back');
    expect(result.log).toContain(`[before-traffic] ${lab.fn}:4`);
    expect(errors(result)[0]).toMatch(
      /the before-traffic hook failed: the command exited with code 3/,
    );
    expect(Math.max(...weights())).toBe(0);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
  });

  it('Lambda hooks: a passing before-traffic, then a failing after-traffic restores from 100%', async () => {
    lab.sim.lambda.createFunctionWithVersions(`${lab.fn}-smoke`, 1, {
      models: { errorRate: 0, latencyMs: 5 },
    });
    lab.sim.lambda.createFunctionWithVersions(`${lab.fn}-verify`, 1, {
      models: { errorRate: 1, latencyMs: 5 },
    });
    const result = await shift({
      strategy: 'all-at-once',
      'before-traffic': `lambda:${lab.fn}-smoke`,
      'after-traffic': `lambda:${lab.fn}-verify`,
    });

    expect(result.outputs.status).toBe('rolled-back');
    expect(result.log).toMatch(/before-traffic hook passed/);
    expect(errors(result)[0]).toMatch(
      /the after-traffic hook failed: the hook function failed \(Unhandled\)/,
    );
    expect(weights()).toEqual([0, 1, 0]);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    const invoked = lab.sim.calls.list({ operation: 'Invoke' }).map((c) => c.params.FunctionName);
    expect(invoked).toEqual([`${lab.fn}-smoke`, `${lab.fn}-verify`]);
  });
});
