// The built check-blockers bundle, run like the GitHub runner runs it, against the
// simulator: each signal that must stop a deployment, the override, and the call budget.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { encodeRecord } from '../../src/core/deployment-record.js';
import { runAction, type RunActionOptions } from '../harness/runner.js';
import { useSimulator } from '../fixtures/simulator.js';

const REPO = 'octo-org/orders-service';
const lab = useSimulator();
let prefix = '';

function checkBlockers(inputs: Record<string, string>, options: Partial<RunActionOptions> = {}) {
  return runAction({
    action: 'check-blockers',
    inputs,
    githubToken: '',
    timeoutMs: 30_000,
    ...options,
    env: { ...lab.sim.env, ...options.env },
  });
}

function putAlarm(name: string, state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA', fn = 'orders'): void {
  lab.sim.cloudwatch.putVersionErrorsAlarm({ name, functionName: fn, alias: 'live', version: '2' });
  lab.sim.cloudwatch.setAlarmState(name, state, `${state} set by the test`);
}

const reasons = (r: { outputs: Record<string, string> }) =>
  JSON.parse(r.outputs.reasons) as { kind: string; name: string; detail: string; state: string }[];

/** A daily UTC window opening two hours from now, so that now is outside it. */
function windowExcludingNow(): string {
  const now = new Date();
  const minute = (now.getUTCHours() * 60 + now.getUTCMinutes() + 120) % 1440;
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `daily ${hhmm(minute)}-${hhmm((minute + 60) % 1440)} UTC`;
}

beforeEach(() => {
  // Names of this test's own: the simulator keeps every earlier test's alarms.
  prefix = `cb${lab.counter}-`;
});

describe('check-blockers on the simulator', () => {
  it('blocks on an alarm in ALARM and fails the step with the alarm named', async () => {
    putAlarm(`${prefix}errors`, 'ALARM');
    putAlarm(`${prefix}latency`, 'OK');
    const r = await checkBlockers({ alarms: `${prefix}errors\n${prefix}latency` });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.blocked).toBe('true');
    expect(reasons(r)).toEqual([
      expect.objectContaining({ kind: 'alarm', name: `${prefix}errors`, state: 'block' }),
    ]);
    expect(r.summary).toContain('**A deployment may not start now: 1 alarm problem(s).**');
    expect(r.summary).toMatch(/\| Alarms \| ⛔ block \| 2 checked, 1 in ALARM/);
    expect(r.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', title: 'Deploy blocked: alarm' }),
    );
  });

  it('blocks on a composite alarm in ALARM', async () => {
    // The composite follows its rule: its child in ALARM puts it in ALARM.
    putAlarm(`${prefix}child`, 'ALARM');
    lab.sim.cloudwatch.putCompositeAlarm(`${prefix}health`, `ALARM("${prefix}child")`);
    lab.sim.cloudwatch.evaluateAlarms();
    lab.sim.cloudwatch.setAlarmState(`${prefix}child`, 'ALARM', 'child set by the test');
    expect(lab.sim.cloudwatch.alarmState(`${prefix}health`)).toBe('ALARM');
    const r = await checkBlockers({ alarms: `${prefix}health` });
    expect(r.exitCode).toBe(1);
    expect(reasons(r)).toEqual([
      expect.objectContaining({
        name: `${prefix}health`,
        detail: expect.stringMatching(/^composite alarm in ALARM/),
      }),
    ]);
  });

  it('refuses a named alarm that does not exist', async () => {
    putAlarm(`${prefix}errors`, 'OK');
    const r = await checkBlockers({ alarms: `${prefix}errors\n${prefix}erors` });
    expect(r.exitCode).toBe(1);
    expect(reasons(r)).toEqual([
      expect.objectContaining({ name: `${prefix}erors`, state: 'error' }),
    ]);
  });

  it('checks 1,000 alarms by prefix in at most 10 DescribeAlarms calls', async () => {
    for (let i = 0; i < 1000; i++) putAlarm(`${prefix}fleet-${String(i).padStart(4, '0')}`, 'OK');
    const r = await checkBlockers({ 'alarm-prefixes': `${prefix}fleet-`, advice: 'false' });
    expect(r.exitCode).toBe(0);
    expect(r.outputs.blocked).toBe('false');
    expect(r.summary).toMatch(/\| Alarms \| ✅ pass \| 1000 checked \|/);
    // One prefix, paged 100 at a time: every page followed, no call wasted.
    expect(lab.sim.calls.count('DescribeAlarms')).toBe(10);
  });

  it('rides out throttling of DescribeAlarms and still judges every alarm', async () => {
    putAlarm(`${prefix}errors`, 'ALARM');
    lab.sim.faults.add({ operation: 'CloudWatch.DescribeAlarms', kind: 'throttle', count: 2 });
    const r = await checkBlockers({ alarms: `${prefix}errors` });
    lab.sim.faults.clear();
    expect(r.exitCode).toBe(1);
    expect(reasons(r)).toEqual([
      expect.objectContaining({ name: `${prefix}errors`, state: 'block' }),
    ]);
    expect(lab.sim.calls.count('DescribeAlarms')).toBe(3);
  });

  it('blocks with an error, never a pass, when alarms cannot be read at all', async () => {
    putAlarm(`${prefix}errors`, 'OK');
    lab.sim.faults.add({ operation: 'CloudWatch.DescribeAlarms', kind: 'server-error', count: 20 });
    const r = await checkBlockers({ alarms: `${prefix}errors` });
    lab.sim.faults.clear();
    expect(r.exitCode).toBe(1);
    expect(reasons(r)).toEqual([
      expect.objectContaining({
        kind: 'alarm',
        state: 'error',
        detail: expect.stringMatching(/^could not read alarms/),
      }),
    ]);
    expect(r.summary).toMatch(/\| Alarms \| ❌ error \|/);
  });

  it('blocks outside every deploy window and says when the next opens', async () => {
    const window = windowExcludingNow();
    const r = await checkBlockers({ windows: window });
    expect(r.exitCode).toBe(1);
    expect(reasons(r)).toEqual([
      expect.objectContaining({
        kind: 'window',
        detail: expect.stringMatching(/next start possible/),
      }),
    ]);
    expect(Date.parse(r.outputs['next-start'])).toBeGreaterThan(Date.now() + 60 * 60_000);
    expect(lab.sim.calls.records).toEqual([]);
  });

  it('loads the holiday calendar only when asked, and judges today by it', async () => {
    const r = await checkBlockers({ holidays: 'DE-BY' });
    const checks = JSON.parse(r.outputs.checks) as {
      kind: string;
      state: string;
      detail: string;
    }[];
    const holiday = checks.find((c) => c.kind === 'holiday');
    // Whether today is a Bavarian holiday depends on the day the test runs; either way the
    // calendar was read, never skipped or errored.
    expect(holiday?.state).toMatch(/^(pass|block)$/);
    expect(holiday?.detail).toContain('DE-BY');
    const bad = await checkBlockers({ holidays: 'XX-YY' });
    expect(bad.exitCode).toBe(1);
    expect(bad.log).toMatch(/Input 'holidays' is 'XX-YY'/);
  });

  it('blocks on a split alias, naming versions, weights and the deployment record', async () => {
    const fn = `${prefix}orders`;
    lab.sim.lambda.createFunctionWithVersions(fn, 4);
    const description = encodeRecord({
      previousVersion: '3',
      version: '4',
      strategy: 'canary 10% 5m',
      startedAt: Date.now() - 15 * 60_000,
      status: 'in-progress',
      runUrl: `https://github.com/${REPO}/actions/runs/7000000001`,
    });
    lab.sim.lambda.createAlias(fn, 'live', '3', { '4': 0.1 }, description);
    const r = await checkBlockers({ 'function-name': fn, alias: 'live' });
    expect(r.exitCode).toBe(1);
    const [reason] = reasons(r);
    expect(reason).toMatchObject({ kind: 'in-flight', name: `${fn}:live`, state: 'block' });
    expect(reason.detail).toContain('version 3 at 90% and version 4 at 10%');
    expect(reason.detail).toContain(`run https://github.com/${REPO}/actions/runs/7000000001`);
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
  });

  it('with version: blocks a new version whose last update failed, and advises on an Inactive rollback target', async () => {
    const fn = `${prefix}orders`;
    lab.sim.lambda.createFunctionWithVersions(fn, 4);
    lab.sim.lambda.createAlias(fn, 'live', '3');
    const ok = await checkBlockers({ 'function-name': fn, alias: 'live', version: '4' });
    expect(ok.exitCode).toBe(0);
    expect(
      lab.sim.calls
        .list({ operation: 'GetFunctionConfiguration' })
        .map((c) => c.params.Qualifier)
        .sort(),
    ).toEqual(['3', '4']);

    lab.sim.lambda.setVersionState(fn, '4', {
      LastUpdateStatus: 'Failed',
      LastUpdateStatusReason: 'The image manifest could not be found',
    });
    lab.sim.lambda.setVersionState(fn, '3', { State: 'Inactive', StateReason: 'idle' });
    const r = await checkBlockers({ 'function-name': fn, alias: 'live', version: '4' });
    expect(r.exitCode).toBe(1);
    expect(reasons(r)).toEqual([
      {
        kind: 'version',
        name: `${fn}:4`,
        state: 'block',
        detail:
          'the last update of version 4 failed (The image manifest could not be found); publish a new version',
      },
    ]);
    expect(r.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining(
          'version 3, the one a rollback returns to, is Inactive (idle)',
        ),
      }),
    );
    expect(r.summary).toMatch(/\| Versions \| ⛔ block \| the last update of version 4 failed/);
  });

  it('blocks on an open issue labelled deploy-blocker, with its title and link', async () => {
    lab.sim.github.addIssue(REPO, {
      number: 900 + lab.counter,
      title: `Payments degraded ${prefix}`,
      labels: ['deploy-blocker'],
      html_url: `https://github.com/${REPO}/issues/${900 + lab.counter}`,
    });
    const r = await checkBlockers({}, { githubToken: 'ghs_secret-token-e2e' });
    expect(r.exitCode).toBe(1);
    expect(reasons(r)).toContainEqual(
      expect.objectContaining({
        kind: 'issue',
        name: `#${900 + lab.counter}`,
        detail: expect.stringContaining(`Payments degraded ${prefix}`),
      }),
    );
    expect(r.masks).toContain('ghs_secret-token-e2e');
    const logged = r.log.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(logged.join('\n')).not.toContain('ghs_secret-token-e2e');
    expect(lab.sim.github.requests.at(-1)).toMatchObject({
      authorization: true,
      query: expect.objectContaining({ labels: 'deploy-blocker', state: 'open' }),
    });
    // Closed for the tests that follow, which pass a token too.
    lab.sim.github.issues.get(REPO)!.forEach((i) => (i.state = 'closed'));
  });

  it("records an allowed actor's override and lets the deployment start", async () => {
    putAlarm(`${prefix}errors`, 'ALARM');
    const r = await checkBlockers(
      {
        alarms: `${prefix}errors`,
        override: 'alarm',
        'override-reason': 'the fix for INC-42 clears this alarm',
        'override-actors': 'alice, bob',
      },
      { env: { GITHUB_ACTOR: 'alice', GITHUB_TRIGGERING_ACTOR: 'alice' } },
    );
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toMatchObject({ blocked: 'false', overridden: 'true', reasons: '[]' });
    expect(JSON.parse(r.outputs.override)).toMatchObject({
      actor: 'alice',
      reason: 'the fix for INC-42 clears this alarm',
      allowed: true,
      lifted: [{ kind: 'alarm', name: `${prefix}errors` }],
    });
    expect(r.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        title: 'Deploy blockers overridden',
        message: expect.stringContaining('alice'),
      }),
    );
    expect(r.summary).toContain('emergency override by alice');
  });

  it("fails anyone else's override, lifting nothing", async () => {
    putAlarm(`${prefix}errors`, 'ALARM');
    const r = await checkBlockers(
      {
        alarms: `${prefix}errors`,
        override: 'all',
        'override-reason': 'trust me',
        'override-actors': 'alice',
      },
      { env: { GITHUB_ACTOR: 'mallory', GITHUB_TRIGGERING_ACTOR: 'mallory' } },
    );
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({ blocked: 'true', overridden: 'false' });
    expect(reasons(r).map((x) => x.kind)).toEqual(['alarm', 'override']);
    expect(JSON.parse(r.outputs.override)).toMatchObject({ actor: 'mallory', allowed: false });
  });

  it('rejects bad input before any AWS call', async () => {
    putAlarm(`${prefix}errors`, 'OK');
    const r = await checkBlockers({
      alarms: `${prefix}errors`,
      windows: 'Mon-Fri 09:00-16:00 Europe/Berln',
    });
    expect(r.exitCode).toBe(1);
    expect(r.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(
          /^Input 'windows' is 'Mon-Fri 09:00-16:00 Europe\/Berln'; expected .*unknown time zone/,
        ),
      }),
    );
    expect(r.outputs.blocked).toBe('true');
    expect(lab.sim.calls.records).toEqual([]);
  });

  it('only sets outputs when fail-on-block is false', async () => {
    putAlarm(`${prefix}errors`, 'ALARM');
    const r = await checkBlockers({ alarms: `${prefix}errors`, 'fail-on-block': 'false' });
    expect(r.exitCode).toBe(0);
    expect(r.outputs.blocked).toBe('true');
    expect(r.annotations).toContainEqual(
      expect.objectContaining({ level: 'warning', title: 'Deploy blocked' }),
    );
  });
});
