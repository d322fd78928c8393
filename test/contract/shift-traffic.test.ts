// shift-traffic against moto: the built bundle (main and post step) runs a clean canary to the
// end, restores the previous version when an alarm goes to ALARM mid-canary (SetAlarmState,
// the documented way to test an alarm rollback), and restores it when the job is cancelled.
// The test samples the alias with GetAlias while the step runs, as traffic would see it.
// moto gaps (moto-gaps.ts names the simulator tests that cover them): no Invoke without
// Docker, so no traffic, no per-version metrics and no Lambda hooks; alarms never fire from
// metric data; RevisionId is never checked, so "someone else changed the alias mid-shift"
// cannot happen here; no GitHub deployment statuses.
import { describe, expect, it } from '@jest/globals';
import { decodeRecord } from '../../src/core/deployment-record.js';
import { uniqueName } from './moto.js';
import {
  type AliasView,
  deployFunction,
  putAlarm,
  readAlias,
  setAlarmState,
  watchAlias,
} from './moto-resources.js';
import { useMoto } from './use-moto.js';

const moto = useMoto('shift-traffic', [
  'invoke',
  'alarmEvaluation',
  'revisionId',
  'github',
  'provisionedConcurrency',
]);

const canaryOnTen = (view: AliasView): boolean =>
  view.primaryVersion === '1' && view.weights['2'] === 0.1;

async function canaryFixture() {
  const fn = await deployFunction(moto.lambda, { prefix: 'shift', versions: 2, aliasVersion: '1' });
  const alarm = uniqueName('shift-errors');
  await putAlarm(moto.cloudWatch, alarm, fn.functionName, 'OK');
  return { fn, alarm };
}

function shiftTraffic(inputs: Record<string, string>, options: { cancelAfterMs?: number } = {}) {
  return moto.run({ 'poll-interval': '1s', ...inputs }, options);
}

describe('shift-traffic against moto', () => {
  it('runs a clean canary: 10% first, then all traffic on the new version, recorded as succeeded', async () => {
    const { fn, alarm } = await canaryFixture();
    const watch = watchAlias(moto.lambda, fn);
    const result = await shiftTraffic({
      'function-name': fn.functionName,
      alias: fn.alias,
      version: '2',
      strategy: 'canary 10% 3s',
      alarms: alarm,
    }).finally(() => watch.stop());

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      'previous-version': '1',
      version: '2',
      status: 'succeeded',
    });
    const during = watch.samples.find(canaryOnTen);
    expect(during).toBeDefined();
    expect(decodeRecord(during?.description)).toMatchObject({
      previousVersion: '1',
      version: '2',
      status: 'in-progress',
    });
    const after = await readAlias(moto.lambda, fn.functionName, fn.alias);
    expect(after).toMatchObject({ primaryVersion: '2', weights: {} });
    expect(decodeRecord(after.description)).toMatchObject({
      previousVersion: '1',
      version: '2',
      strategy: 'canary 10% 3s',
      status: 'succeeded',
    });
    // The post step has nothing to undo after a finished shift, and must not undo it.
    expect(result.post?.exitCode).toBe(0);
  });

  it('restores the previous version when an alarm goes to ALARM mid-canary', async () => {
    const { fn, alarm } = await canaryFixture();
    const watch = watchAlias(moto.lambda, fn);
    const run = shiftTraffic({
      'function-name': fn.functionName,
      alias: fn.alias,
      version: '2',
      strategy: 'canary 10% 60s',
      alarms: alarm,
    });
    let alarmAt: number | undefined;
    try {
      await watch.until(canaryOnTen, 30_000);
      await setAlarmState(moto.cloudWatch, alarm, 'ALARM');
      alarmAt = Date.now();
    } catch (error) {
      run.cancel();
      throw error;
    } finally {
      // Whatever happened above, the step must finish before the test does.
      await run.catch(() => undefined);
      watch.stop();
    }
    const result = await run;

    expect(result.exitCode).not.toBe(0);
    expect(result.outputs).toMatchObject({
      'previous-version': '1',
      version: '2',
      status: 'rolled-back',
    });
    // Caught by the next poll (1s), not at the end of the 60s hold.
    expect(Date.now() - (alarmAt ?? 0)).toBeLessThan(20_000);
    const after = await readAlias(moto.lambda, fn.functionName, fn.alias);
    expect(after).toMatchObject({ primaryVersion: '1', weights: {} });
    expect(decodeRecord(after.description)).toMatchObject({
      previousVersion: '1',
      version: '2',
      status: 'rolled-back',
    });
    const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors.join('\n')).toContain(alarm);
    expect(result.summary).toContain(alarm);
    expect(watch.samples.some((view) => view.primaryVersion === '2')).toBe(false);
  });

  it('restores the previous version when the job is cancelled mid-canary', async () => {
    const { fn, alarm } = await canaryFixture();
    const watch = watchAlias(moto.lambda, fn);
    const run = shiftTraffic({
      'function-name': fn.functionName,
      alias: fn.alias,
      version: '2',
      strategy: 'canary 10% 60s',
      alarms: alarm,
    });
    try {
      await watch.until(canaryOnTen, 30_000);
    } finally {
      run.cancel();
      await run.catch(() => undefined);
      watch.stop();
    }
    const result = await run;

    expect(result.cancelled).toBe(true);
    expect(result.outcome).toBe('cancelled');
    const after = await readAlias(moto.lambda, fn.functionName, fn.alias);
    expect(after).toMatchObject({ primaryVersion: '1', weights: {} });
    expect(decodeRecord(after.description)).toMatchObject({ previousVersion: '1', version: '2' });
    expect(watch.samples.some((view) => view.primaryVersion === '2')).toBe(false);
  });
});
