// The built bake-and-watch bundle, run like the GitHub runner runs it, against the
// simulator on the wall clock with real traffic (5 s high-resolution metric periods,
// bakes of seconds): a bad canary fails and is restored, a good one passes, no traffic is
// inconclusive, a throttled metrics API is Error, a dry run changes nothing, a cancel
// stops at once, bad input is refused before any AWS call. The alias's traffic as a whole
// is in bake-and-watch-traffic.test.ts.
import { describe, expect, it } from '@jest/globals';
import { errorAnnotations } from '../fixtures/evidence-simulator.js';
import { BAD, GOOD, useBakeLab } from '../fixtures/bake-lab.js';

const { lab, bake, deploy, alias, updates } = useBakeLab();
const errors = errorAnnotations;

describe('bake-and-watch on the simulator', () => {
  it('fails a 5% canary against a 1% baseline within the bake and restores the baseline', async () => {
    await deploy(BAD);
    const started = Date.now();
    const r = await bake({ 'bake-time': '30s', 'max-bake-time': '30s' });
    expect(r.exitCode).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.outputs.verdict).toBe('fail');
    expect(r.outputs['rolled-back']).toBe('true');
    expect(r.outputs.reason).toMatch(
      /^The error rate of version 2 is .* against .* for version 1: worse beyond the 0% minimum effect/,
    );
    expect(alias()).toEqual({
      revision: expect.any(String),
      version: '1',
      weights: {},
      record: expect.objectContaining({
        previousVersion: '1',
        version: '2',
        status: 'rolled-back',
      }),
    });
    const log = JSON.parse(r.outputs['decision-log']);
    const check = log.checks.find((c: { check: string }) => c.check === 'error-rate');
    expect(check.outcome).toBe('fail');
    expect(check.statistic.value).toBeLessThanOrEqual(check.threshold.value);
    expect(errors(r)[0]).toMatch(
      /^Version 2 failed the bake\. The error rate .* Rolled back: .* is at version 1 at 100%\.$/,
    );
    expect(r.summary).toMatch(/\*\*Version 2 failed the bake\./);
    expect(r.summary).toContain('xychart-beta');
  });

  it('with on-failure: halt, fails naming the evidence and leaves the alias where it is', async () => {
    await deploy(BAD);
    const r = await bake({ 'bake-time': '30s', 'max-bake-time': '30s', 'on-failure': 'halt' });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
    expect(r.outputs['rolled-back']).toBe('false');
    expect(errors(r)[0]).toMatch(
      /^Version 2 failed the bake\. The error rate .* The alias was not changed\. To put it fully back on version 1: aws lambda update-alias --function-name orders-\d+ --name live --function-version 1 /,
    );
    expect(r.log).toMatch(/pass so far: /);
    expect(updates()).toBe(0);
  });

  it('passes a version as good as its baseline after the bake time and changes nothing', async () => {
    await deploy(GOOD);
    const r = await bake({ 'min-invocations': '200' });
    expect(r.exitCode).toBe(0);
    expect(r.outputs.verdict).toBe('pass');
    expect(r.outputs.reason).toMatch(
      /^Version 2 served \d+ requests over .* and matched version 1 on every check\.$/,
    );
    expect(updates()).toBe(0);
    const log = JSON.parse(r.outputs['decision-log']);
    expect(
      log.checks.map((c: { check: string; outcome: string }) => `${c.check}:${c.outcome}`),
    ).toEqual(
      expect.arrayContaining([
        'error-rate:pass',
        'duration-p99:pass',
        'throttle-rate:pass',
        'invocations:pass',
      ]),
    );
  });

  it('calls a version that gets no traffic inconclusive, never a pass, and leaves the alias alone', async () => {
    await deploy(GOOD, 0);
    const r = await bake({ version: '2', 'bake-time': '5s', 'max-bake-time': '8s' });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.verdict).toBe('inconclusive');
    expect(r.outputs.reason).toMatch(/^Version 2 served no requests/);
    expect(
      r.annotations.some(
        (a) => a.level === 'warning' && a.message.includes('routes no traffic to version 2'),
      ),
    ).toBe(true);
    expect(updates()).toBe(0);
  });

  it('with on-inconclusive: pass, succeeds without evidence but says so, and flags an alias-wide alarm', async () => {
    await deploy(GOOD, 0);
    lab.sim.cloudwatch.putMetricAlarm({
      AlarmName: `${lab.fn}-alias-errors`,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [
        { Name: 'FunctionName', Value: lab.fn },
        { Name: 'Resource', Value: `${lab.fn}:live` },
      ],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    lab.sim.cloudwatch.setAlarmState(`${lab.fn}-alias-errors`, 'OK', 'quiet');
    const r = await bake({
      version: '2',
      'bake-time': '5s',
      'max-bake-time': '5s',
      'on-inconclusive': 'pass',
      'alarm-prefixes': `${lab.fn}-alias`,
    });
    expect(r.exitCode).toBe(0);
    expect(r.outputs.verdict).toBe('inconclusive');
    const warnings = r.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings.some((m) => m.includes('on-inconclusive is pass'))).toBe(true);
    expect(warnings).toContain(
      `Alarm ${lab.fn}-alias-errors does not watch version 2 alone (no ExecutedVersion dimension): the baseline's traffic dilutes it. The metric comparison does watch each version apart.`,
    );
  });

  it('reports a throttled metrics API as Error, not as a bad canary, and fails without touching the alias', async () => {
    await deploy(BAD);
    lab.sim.faults.add({ operation: 'CloudWatch.GetMetricData', kind: 'throttle' });
    const r = await bake({ 'bake-time': '5s', 'max-bake-time': '5s' });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.verdict).toBe('error');
    expect(r.outputs.reason).toMatch(/^The evidence could not be read: .*Throttl/);
    expect(r.outputs['rolled-back']).toBe('false');
    expect(alias().weights).toEqual({ '2': 0.1 });
    expect(errors(r)[0]).toContain(
      `aws lambda update-alias --function-name ${lab.fn} --name live --function-version 1`,
    );
  });

  it('rolls back on Error when on-error is rollback', async () => {
    await deploy(GOOD);
    lab.sim.faults.add({ operation: 'CloudWatch.GetMetricData', kind: 'throttle' });
    const r = await bake({ 'bake-time': '5s', 'max-bake-time': '5s', 'on-error': 'rollback' });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.verdict).toBe('error');
    expect(alias()).toMatchObject({ version: '1', weights: {}, record: { status: 'rolled-back' } });
  });

  it('ends a 10-minute bake within seconds when GetMetricData is denied, naming the permission, alias unchanged', async () => {
    await deploy(GOOD);
    lab.sim.faults.add({ operation: 'CloudWatch.GetMetricData', kind: 'access-denied' });
    const started = Date.now();
    const r = await bake({ 'bake-time': '10m', 'max-bake-time': '30m' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.exitCode).toBe(1);
    expect(r.outputs.verdict).toBe('error');
    // AWS's denial names the permission itself; the suite adds it only when it does not.
    expect(r.outputs.reason).toMatch(
      /^The evidence cannot be read, and waiting will not change that: AccessDenied: .*is not authorized to perform: cloudwatch:GetMetricData /,
    );
    expect(lab.sim.calls.count('GetMetricData')).toBe(1);
    expect(alias().weights).toEqual({ '2': 0.1 });
    expect(updates()).toBe(0);
  });

  it('restores at once when the alarms are denied and on-error is rollback', async () => {
    await deploy(GOOD);
    lab.sim.cloudwatch.putVersionErrorsAlarm({
      name: `${lab.fn}-v2-errors`,
      functionName: lab.fn,
      alias: 'live',
      version: '2',
      state: 'OK',
    });
    lab.sim.faults.add({ operation: 'CloudWatch.DescribeAlarms', kind: 'access-denied' });
    const r = await bake({
      'bake-time': '10m',
      'max-bake-time': '30m',
      alarms: `${lab.fn}-v2-errors`,
      'on-error': 'rollback',
    });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.verdict).toBe('error');
    expect(r.outputs.reason).toMatch(/is not authorized to perform: cloudwatch:DescribeAlarms /);
    expect(r.outputs['rolled-back']).toBe('true');
    expect(lab.sim.calls.count('GetMetricData')).toBe(0);
    expect(alias()).toMatchObject({ version: '1', weights: {}, record: { status: 'rolled-back' } });
  });

  it('in a dry run reports the would-be failure and changes nothing', async () => {
    await deploy(BAD);
    const r = await bake({ 'bake-time': '30s', 'max-bake-time': '30s', 'dry-run': 'true' });
    expect(r.exitCode).toBe(0);
    expect(r.outputs.verdict).toBe('fail');
    expect(r.outputs['rolled-back']).toBe('false');
    expect(
      r.annotations.some(
        (a) =>
          a.level === 'warning' &&
          a.message.includes(
            'Dry run: nothing was changed; a real run would have rolled back to version 1.',
          ),
      ),
    ).toBe(true);
    expect(updates()).toBe(0);
  });

  it('fails at once when an alarm on the new version fires, and restores', async () => {
    await deploy(GOOD);
    lab.sim.cloudwatch.putVersionErrorsAlarm({
      name: `${lab.fn}-v2-errors`,
      functionName: lab.fn,
      alias: 'live',
      version: '2',
      state: 'OK',
    });
    setTimeout(
      () =>
        lab.sim.cloudwatch.setAlarmState(
          `${lab.fn}-v2-errors`,
          'ALARM',
          'Threshold Crossed: 3 errors',
        ),
      2500,
    );
    const r = await bake({ alarms: `${lab.fn}-v2-errors` });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.reason).toBe(
      `Alarm firing: ${lab.fn}-v2-errors (Threshold Crossed: 3 errors).`,
    );
    expect(
      r.annotations.some((a) => a.level === 'warning' && a.message.includes('not watch version')),
    ).toBe(false);
    expect(alias().version).toBe('1');
  });

  it('stops waiting when the job is cancelled, exits non-zero and changes nothing', async () => {
    await deploy(GOOD);
    const r = await bake({ 'bake-time': '60s', 'max-bake-time': '60s' }, { cancelAfterMs: 2500 });
    expect(r.exitCode).not.toBe(0);
    // Out on SIGINT, well before the runner would send SIGTERM (7.5 s later).
    expect(r.signals.map((s) => s.signal)).toEqual(['SIGINT']);
    expect(r.exitedAtMs).toBeLessThan(2500 + 3000);
    expect(errors(r)[0]).toMatch(
      /^The bake was cancelled .* The alias was not changed by this step: it was at version 1 at 90% and version 2 at 10%\. To put it fully back on version 1: aws lambda update-alias/,
    );
    expect(updates()).toBe(0);
  });

  it('refuses bad input before any AWS call', async () => {
    lab.sim.calls.clear();
    const r = await bake({ 'bake-time': '10m', 'max-bake-time': '5m' });
    expect(r.exitCode).toBe(1);
    expect(errors(r)[0]).toBe(
      "Input 'max-bake-time' is '5m'; expected a duration at least as long as bake-time. Nothing was changed.",
    );
    expect(lab.sim.calls.list()).toHaveLength(0);
  });
});
