// Text the suite did not write never starts a workflow command. An alarm's StateReason, a
// command hook's output, an override reason and a blocker issue's title each carry lines
// that would forge an error, a mask and a stop-commands (and the legacy ##[error] form); the
// built bundles fail as they should, the runner (as the harness models it) sees only the
// suite's own commands, and the text is still there to read in the log and the summary.
// bake-and-watch is in hostile-text-bake.test.ts.
import { describe, expect, it } from '@jest/globals';
import { runAction } from '../harness/runner.js';
import { errorAnnotations as errors } from '../fixtures/simulator.js';
import { useShiftLab } from '../fixtures/shift-lab.js';
import {
  brokenTableRows,
  expectNothingForged,
  expectReadable,
  HOSTILE,
} from '../fixtures/hostile-text.js';

const REPO = 'octo-org/orders-service';
const { lab, alarm, shift, alias } = useShiftLab();

describe('shift-traffic', () => {
  it('refuses to start on an alarm whose reason forges commands, and forges none', async () => {
    lab.sim.cloudwatch.setAlarmState(alarm(), 'ALARM', HOSTILE);
    const r = await shift({ strategy: 'canary 10% 2s' });
    expect(r.exitCode).toBe(1);
    expect(errors(r)).toEqual([expect.stringMatching(/^Did not start: alarm in ALARM/)]);
    expectNothingForged(r);
    expectReadable(r);
    expect(r.summary).toContain('::error::forged');
    expect(brokenTableRows(r.summary)).toEqual([]);
  });

  it('rolls back when the alarm fires mid-canary with a forging reason', async () => {
    const run = shift({ strategy: 'canary 10% 30s' });
    await run.waitForLine(/Shifted: version 3 at 90% and version 4 at 10%/);
    lab.sim.cloudwatch.setAlarmState(alarm(), 'ALARM', HOSTILE);
    const r = await run;
    expect(r.exitCode).toBe(1);
    expect(r.outputs.status).toBe('rolled-back');
    expect(alias()).toMatchObject({ version: '3', weights: {} });
    expectNothingForged(r);
    expectReadable(r);
  });

  it("keeps a command hook's forging output inert, in the log with its phase", async () => {
    const script = `process.stdout.write(${JSON.stringify(`${HOSTILE}\n   ::warning::forged\rprogress\r::notice::forged\n`)}); process.exit(3)`;
    const r = await shift({
      strategy: 'canary 10% 2s',
      'before-traffic': `"${process.execPath}" -e ${JSON.stringify(script)}`,
    });
    expect(r.exitCode).toBe(1);
    expect(errors(r)).toEqual([
      expect.stringMatching(/the before-traffic hook failed: the command exited with code 3/),
    ]);
    expect(r.commands.filter((c) => c.command === 'warning' || c.command === 'notice')).toEqual([]);
    expectNothingForged(r);
    expect(r.log).toContain('[before-traffic] ::error::forged');
  });
});

describe('check-blockers', () => {
  it('records a forging override reason as the audit trail, forging nothing', async () => {
    lab.sim.cloudwatch.setAlarmState(alarm(), 'ALARM', 'Threshold Crossed');
    const r = await runAction({
      action: 'check-blockers',
      inputs: {
        alarms: alarm(),
        override: 'alarm',
        'override-reason': HOSTILE,
        'override-actors': 'alice',
      },
      env: { ...lab.sim.env, GITHUB_ACTOR: 'alice', GITHUB_TRIGGERING_ACTOR: 'alice' },
      timeoutMs: 30_000,
    });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.outputs.override)).toMatchObject({ reason: HOSTILE, allowed: true });
    expect(r.annotations).toContainEqual(
      expect.objectContaining({ level: 'warning', title: 'Deploy blockers overridden' }),
    );
    expectNothingForged(r);
    expectReadable(r);
    expect(brokenTableRows(r.summary)).toEqual([]);
  });

  it('blocks on an issue whose title forges commands, naming it, forging nothing', async () => {
    const label = `blocker-${lab.counter}`;
    lab.sim.github.addIssue(REPO, {
      number: 700 + lab.counter,
      title: HOSTILE,
      labels: [label],
      html_url: `https://github.com/${REPO}/issues/${700 + lab.counter}`,
    });
    const r = await runAction({
      action: 'check-blockers',
      inputs: { 'blocking-labels': label },
      githubToken: 'ghs_hostile-text-e2e',
      env: lab.sim.env,
      timeoutMs: 30_000,
    });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.blocked).toBe('true');
    expect(r.annotations.filter((a) => a.level === 'error').map((a) => a.title)).toEqual([
      'Deploy blocked: issue',
      undefined,
    ]);
    expectNothingForged(r);
    expectReadable(r);
    expect(brokenTableRows(r.summary)).toEqual([]);
  });
});
