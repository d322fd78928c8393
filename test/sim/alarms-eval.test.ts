import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../src/sim/index.js';

/** Metric alarms are evaluated from their data on the (virtual) clock. */
let sim: Simulator;
beforeEach(async () => {
  sim = await startSimulator({ clock: 'virtual', startTime: Date.UTC(2026, 0, 5, 10, 0, 0) });
});
afterEach(() => sim.stop());

const dims = [{ Name: 'Service', Value: 'orders' }];
const put = (minute: number, value: number): void =>
  sim.cloudwatch.putMetric('Test', 'Errors', dims, value, Date.UTC(2026, 0, 5, 10, minute, 30));
const alarm = (extra: Record<string, unknown> = {}): void =>
  sim.cloudwatch.putMetricAlarm({
    AlarmName: 'errors',
    Namespace: 'Test',
    MetricName: 'Errors',
    Dimensions: dims,
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 2,
    Threshold: 5,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    ...extra,
  });

describe('metric alarm evaluation', () => {
  it('sits in INSUFFICIENT_DATA without data: no data is not OK', async () => {
    alarm();
    await sim.advance(5 * 60_000);
    expect(sim.cloudwatch.alarmState('errors')).toBe('INSUFFICIENT_DATA');
  });

  it('alarms on M out of N breaching datapoints, evaluated once a minute on the clock', async () => {
    alarm();
    put(0, 9);
    put(1, 0);
    await sim.advance(2 * 60_000); // minutes 0 and 1 complete: one breach out of two
    expect(sim.cloudwatch.alarmState('errors')).toBe('OK');
    put(2, 7);
    await sim.advance(60_000);
    expect(sim.cloudwatch.alarmState('errors')).toBe('ALARM');
  });

  it('ignores the period still filling', async () => {
    alarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    put(0, 1);
    await sim.advance(60_000);
    expect(sim.cloudwatch.alarmState('errors')).toBe('OK');
    put(1, 99); // minute 1 is in progress until 10:02
    await sim.advance(50_000);
    expect(sim.cloudwatch.alarmState('errors')).toBe('OK');
    await sim.advance(10_000);
    expect(sim.cloudwatch.alarmState('errors')).toBe('ALARM');
  });

  it.each([
    ['breaching', 'ALARM'],
    ['notBreaching', 'OK'],
    ['missing', 'INSUFFICIENT_DATA'],
  ])('TreatMissingData %s makes empty periods count as %s', async (TreatMissingData, expected) => {
    alarm({ TreatMissingData });
    await sim.advance(3 * 60_000);
    expect(sim.cloudwatch.alarmState('errors')).toBe(expected);
  });

  it('TreatMissingData ignore keeps the current state through a gap', async () => {
    alarm({ TreatMissingData: 'ignore', EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    put(0, 9);
    await sim.advance(60_000);
    expect(sim.cloudwatch.alarmState('errors')).toBe('ALARM');
    await sim.advance(5 * 60_000);
    expect(sim.cloudwatch.alarmState('errors')).toBe('ALARM');
  });

  it('evaluates alarms on metric math and extended statistics', async () => {
    sim.cloudwatch.putMetricAlarm({
      AlarmName: 'rate',
      EvaluationPeriods: 1,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: [
        {
          Id: 'e',
          MetricStat: {
            Metric: { Namespace: 'Test', MetricName: 'Errors', Dimensions: dims },
            Period: 60,
            Stat: 'Sum',
          },
          ReturnData: false,
        },
        { Id: 'rate', Expression: 'e * 2' },
      ],
    });
    sim.cloudwatch.putMetricAlarm({
      AlarmName: 'p99',
      Namespace: 'Test',
      MetricName: 'Errors',
      Dimensions: dims,
      ExtendedStatistic: 'p99',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 6,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    put(0, 6);
    await sim.advance(60_000);
    expect(sim.cloudwatch.alarmState('rate')).toBe('ALARM');
    expect(sim.cloudwatch.alarmState('p99')).toBe('OK');
  });

  it('moves back to the state its data says at the next evaluation after SetAlarmState', async () => {
    alarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    put(0, 0);
    await sim.advance(60_000);
    sim.cloudwatch.setAlarmState('errors', 'ALARM');
    expect(sim.cloudwatch.alarmState('errors')).toBe('ALARM');
    await sim.advance(60_000);
    expect(sim.cloudwatch.alarmHistory('errors').map((h) => h.to)).toEqual([
      'OK',
      'ALARM',
      'INSUFFICIENT_DATA',
    ]);
  });
});

describe('composite alarm evaluation', () => {
  it('follows its rule as children change on the clock', async () => {
    alarm({ EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    sim.cloudwatch.putCompositeAlarm('guard', 'ALARM(errors) AND NOT INSUFFICIENT_DATA(errors)');
    expect(sim.cloudwatch.alarmState('guard')).toBe('INSUFFICIENT_DATA');
    put(0, 9);
    await sim.advance(60_000);
    expect(sim.cloudwatch.alarmState('guard')).toBe('ALARM');
    put(1, 0);
    await sim.advance(60_000);
    expect(sim.cloudwatch.alarmState('guard')).toBe('OK');
  });
});
