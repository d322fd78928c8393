import { describe, expect, it } from '@jest/globals';
import {
  type AlarmSnapshot,
  detectionWindowSeconds,
  judgeAlarms,
  parseAlarmSelection,
  unscopedAlarmsWarning,
  watchesVersion,
} from '../../../src/core/alarms.js';

const metricAlarm = (
  name: string,
  state: AlarmSnapshot['state'],
  dimensions: Record<string, string> = {},
): AlarmSnapshot => ({
  name,
  type: 'metric',
  state,
  reason: `${name} is ${state}`,
  metric: {
    dimensions,
    usesMetricMath: false,
    metrics: [{ dimensions, period: 60 }],
    period: 60,
    evaluationPeriods: 5,
  },
});

describe('alarm selection', () => {
  it('reads names one per line (names may contain commas) and prefixes', () => {
    expect(parseAlarmSelection('orders-errors\norders, p99 latency\n', 'payments-')).toEqual({
      names: ['orders-errors', 'orders, p99 latency'],
      prefixes: ['payments-'],
    });
  });

  it('refuses a name a prefix already covers, naming both', () => {
    expect(() => parseAlarmSelection('orders-errors', 'orders-')).toThrow(
      /Input 'alarms' is 'orders-errors'.*'orders-' covers it/,
    );
  });

  it('drops duplicates', () => {
    expect(parseAlarmSelection('a\na', '').names).toEqual(['a']);
  });
});

describe('alarm judgement', () => {
  it('separates firing, insufficient data, ok, missing names and empty prefixes', () => {
    const judgement = judgeAlarms({ names: ['a', 'b', 'typo'], prefixes: ['c-', 'none-'] }, [
      metricAlarm('a', 'ALARM'),
      metricAlarm('b', 'INSUFFICIENT_DATA'),
      metricAlarm('c-1', 'OK'),
    ]);
    expect(judgement.firing.map((a) => a.name)).toEqual(['a']);
    expect(judgement.insufficientData.map((a) => a.name)).toEqual(['b']);
    expect(judgement.ok.map((a) => a.name)).toEqual(['c-1']);
    expect(judgement.missingNames).toEqual(['typo']);
    expect(judgement.emptyPrefixes).toEqual(['none-']);
  });
});

describe('alarms that can protect a canary', () => {
  it('an ExecutedVersion or version-qualified alarm watches the new version; an alias-wide one does not', () => {
    expect(
      watchesVersion(
        metricAlarm('v', 'OK', { FunctionName: 'f', Resource: 'f:live', ExecutedVersion: '4' }),
      ),
    ).toBe(true);
    expect(watchesVersion(metricAlarm('q', 'OK', { FunctionName: 'f', Resource: 'f:4' }))).toBe(
      true,
    );
    expect(
      watchesVersion(metricAlarm('alias', 'OK', { FunctionName: 'f', Resource: 'f:live' })),
    ).toBe(false);
    expect(watchesVersion({ name: 'c', type: 'composite', state: 'OK', reason: '' })).toBe(false);
  });

  it('warns about every metric alarm that does not watch the new version alone, once', () => {
    const scoped = metricAlarm('v4', 'OK', { FunctionName: 'f', ExecutedVersion: '4' });
    const wide = metricAlarm('f-errors', 'OK', { FunctionName: 'f', Resource: 'f:live' });
    const composite: AlarmSnapshot = { name: 'c', type: 'composite', state: 'OK', reason: '' };
    expect(unscopedAlarmsWarning([scoped, composite], '4', false)).toBeUndefined();
    expect(unscopedAlarmsWarning([scoped, wide], '4', false)).toBe(
      "Alarm f-errors does not watch version 4 alone (no ExecutedVersion dimension): the baseline's traffic dilutes it. " +
        'Add an alarm on the ExecutedVersion dimension (or on fn:version), or set compare-metrics.',
    );
    expect(unscopedAlarmsWarning([wide, { ...wide, name: 'f-p99' }], '4', true)).toMatch(
      /^Alarms f-errors, f-p99 do not watch .* dilutes them\. The metric comparison does watch each version apart\.$/,
    );
  });

  it('needs period × evaluation periods to detect', () => {
    expect(detectionWindowSeconds(metricAlarm('a', 'OK'))).toBe(300);
  });
});
