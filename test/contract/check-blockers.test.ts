// check-blockers against moto: the built bundle refuses to start while an alarm is in ALARM
// or the alias is still split, and lets the deployment start once all is clear.
// moto gaps (moto-gaps.ts names the simulator tests that cover them): alarms never leave
// OK by themselves (no evaluation from metric data; a new alarm starts in OK where AWS says
// INSUFFICIENT_DATA), so the `insufficient-data` rule is simulator-only; no composite
// alarms; no DescribeAlarms paging; no GitHub for deploy-blocker issues.
import { describe, expect, it } from '@jest/globals';
import { uniqueName } from './moto.js';
import { deployFunction, putAlarm, readAlias, setAlarmState, setAlias } from './moto-resources.js';
import { useMoto } from './use-moto.js';

const moto = useMoto('check-blockers', [
  'alarmEvaluation',
  'compositeAlarms',
  'describeAlarmsPaging',
  'github',
]);
const checkBlockers = moto.run;

interface Reason {
  kind: string;
  name: string;
}

function reasons(outputs: Record<string, string>): Reason[] {
  return JSON.parse(outputs.reasons ?? '[]') as Reason[];
}

describe('check-blockers against moto', () => {
  it('blocks while an alarm is in ALARM, naming it, and allows the start once it is OK', async () => {
    const fn = await deployFunction(moto.lambda, {
      prefix: 'blockers',
      versions: 2,
      aliasVersion: '1',
    });
    const alarm = uniqueName('blockers-errors');
    await putAlarm(moto.cloudWatch, alarm, fn.functionName, 'ALARM');
    const inputs = { alarms: alarm, 'function-name': fn.functionName, alias: fn.alias };

    const blocked = await checkBlockers(inputs);
    expect(blocked.exitCode).not.toBe(0);
    expect(blocked.outputs.blocked).toBe('true');
    expect(reasons(blocked.outputs)).toEqual([
      expect.objectContaining({ kind: 'alarm', name: alarm }),
    ]);
    expect(
      blocked.annotations
        .filter((a) => a.level === 'error')
        .map((a) => a.message)
        .join('\n'),
    ).toContain(alarm);
    expect(blocked.summary).toContain(alarm);

    await setAlarmState(moto.cloudWatch, alarm, 'OK');
    const clear = await checkBlockers(inputs);
    expect(clear.exitCode).toBe(0);
    expect(clear.outputs.blocked).toBe('false');
    expect(reasons(clear.outputs)).toEqual([]);
    // check-blockers only reads: the alias is where it was.
    expect(await readAlias(moto.lambda, fn.functionName, fn.alias)).toMatchObject({
      primaryVersion: '1',
      weights: {},
    });
  });

  it('blocks while the alias is still split by an earlier deployment', async () => {
    const fn = await deployFunction(moto.lambda, {
      prefix: 'blockers',
      versions: 2,
      aliasVersion: '1',
    });
    await setAlias(moto.lambda, fn, { primaryVersion: '1', weights: { '2': 0.1 } });
    const result = await checkBlockers({ 'function-name': fn.functionName, alias: fn.alias });
    expect(result.exitCode).not.toBe(0);
    expect(result.outputs.blocked).toBe('true');
    expect(reasons(result.outputs).map((r) => r.kind)).toEqual(['in-flight']);
    expect(await readAlias(moto.lambda, fn.functionName, fn.alias)).toMatchObject({
      primaryVersion: '1',
      weights: { '2': 0.1 },
    });
  });
});
