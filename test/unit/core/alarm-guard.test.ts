import { describe, expect, it } from '@jest/globals';
import { alarmGuard, selectionError } from '../../../src/core/alarm-guard.js';
import type { AlarmSelection, AlarmSnapshot, AlarmState } from '../../../src/core/alarms.js';
import { judgeAlarms } from '../../../src/core/alarms.js';
import { ManualClock } from '../../../src/core/clock.js';

const alarm = (name: string, state: AlarmState, reason = ''): AlarmSnapshot => ({
  name,
  type: 'metric',
  state,
  reason,
});
const selection: AlarmSelection = { names: ['v4-errors', 'v4-latency'], prefixes: [] };

function guardReading(...reads: (AlarmSnapshot[] | Error)[]) {
  const calls: AlarmSelection[] = [];
  const noData: string[] = [];
  const guard = alarmGuard({
    selection,
    clock: new ManualClock(),
    random: () => 0,
    read: async (s) => {
      calls.push(s);
      const next = reads.length > 1 ? reads.shift()! : reads[0];
      if (next instanceof Error) throw next;
      return next;
    },
    onNoData: (a) => noData.push(a.name),
  });
  return { guard, calls, noData };
}

describe('the alarm guard', () => {
  it('passes when every alarm is OK, with one read of the whole selection per check', async () => {
    const { guard, calls } = guardReading([alarm('v4-errors', 'OK'), alarm('v4-latency', 'OK')]);
    expect(await guard.check()).toBe('ok');
    expect(calls).toEqual([selection]);
  });

  it('fails naming every alarm in ALARM and why', async () => {
    const { guard } = guardReading([
      alarm('v4-errors', 'ALARM', 'Threshold Crossed: 3 errors'),
      alarm('v4-latency', 'OK'),
    ]);
    expect(await guard.check()).toEqual({
      fail: 'alarm in ALARM: v4-errors (Threshold Crossed: 3 errors)',
    });
  });

  it('reports INSUFFICIENT_DATA once per alarm without passing it off as OK or failing the step', async () => {
    const { guard, noData } = guardReading([
      alarm('v4-errors', 'INSUFFICIENT_DATA'),
      alarm('v4-latency', 'OK'),
    ]);
    expect(await guard.check()).toBe('ok');
    expect(await guard.check()).toBe('ok');
    expect(noData).toEqual(['v4-errors']);
    expect([...guard.noData]).toEqual(['v4-errors']);
  });

  it('fails when a watched alarm disappears mid-shift', async () => {
    const { guard } = guardReading([alarm('v4-errors', 'OK')]);
    expect(await guard.check()).toEqual({ fail: 'alarm no longer exists: v4-latency' });
  });

  it('retries a failed read and then throws, so the shift treats it as a failure', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    const ok = [alarm('v4-errors', 'OK'), alarm('v4-latency', 'OK')];
    expect(await guardReading(throttled, ok).guard.check()).toBe('ok');
    await expect(guardReading(throttled).guard.check()).rejects.toThrow('Rate exceeded');
  });
});

describe('an alarm selection that matches nothing is refused as bad input', () => {
  it('names alarms that do not exist and prefixes that match nothing, naming the input', () => {
    const judgement = judgeAlarms({ names: ['v4-errors', 'v4-eror'], prefixes: ['orders-'] }, [
      alarm('v4-errors', 'OK'),
    ]);
    const error = selectionError(judgement);
    expect(error).toMatchObject({ input: 'alarms', value: 'v4-eror, orders-' });
    expect(error?.message).toBe(
      "Input 'alarms' is 'v4-eror, orders-'; expected existing alarms, names case-sensitive " +
        "(no alarm named 'v4-eror' exists; no alarm name starts with 'orders-').",
    );
  });

  it('names alarm-prefixes when only a prefix matches nothing', () => {
    const judgement = judgeAlarms({ names: [], prefixes: ['orders-'] }, [alarm('v4-errors', 'OK')]);
    expect(selectionError(judgement)?.input).toBe('alarm-prefixes');
  });

  it('accepts a selection where every name and prefix matches', () => {
    const judgement = judgeAlarms({ names: ['v4-errors'], prefixes: ['v4-'] }, [
      alarm('v4-errors', 'OK'),
    ]);
    expect(selectionError(judgement)).toBeUndefined();
  });
});
