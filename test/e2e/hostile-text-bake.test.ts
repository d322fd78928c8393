// bake-and-watch with a watched alarm whose StateReason forges an error, a mask, a
// stop-commands and a legacy ##[error]: the bake fails on the alarm and restores the
// baseline, the runner (as the harness models it) sees only the suite's own commands, and
// the reason is still there to read. The other actions are in hostile-text.test.ts.
import { describe, expect, it } from '@jest/globals';
import { errorAnnotations as errors } from '../fixtures/evidence-simulator.js';
import { GOOD, useBakeLab } from '../fixtures/bake-lab.js';
import {
  brokenTableRows,
  expectNothingForged,
  expectReadable,
  HOSTILE,
} from '../fixtures/hostile-text.js';

const { lab, bake, deploy, alias } = useBakeLab();

describe('bake-and-watch', () => {
  it('fails on an alarm whose reason forges commands, and forges none', async () => {
    await deploy(GOOD);
    const name = `${lab.fn}-v2-errors`;
    lab.sim.cloudwatch.putVersionErrorsAlarm({
      name,
      functionName: lab.fn,
      alias: 'live',
      version: '2',
      state: 'OK',
    });
    lab.sim.cloudwatch.setAlarmState(name, 'ALARM', HOSTILE);
    const r = await bake({ alarms: name });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
    expect(alias()).toMatchObject({ version: '1', weights: {} });
    expect(errors(r)).toEqual([expect.stringMatching(/^Version 2 failed the bake\./)]);
    expectNothingForged(r);
    expectReadable(r);
    expect(JSON.parse(r.outputs['decision-log']).reason).toContain(name);
    expect(brokenTableRows(r.summary)).toEqual([]);
  });
});
