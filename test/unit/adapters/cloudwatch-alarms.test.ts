import { beforeEach, describe, expect, it } from '@jest/globals';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { describeAlarms } from '../../../src/adapters/cloudwatch-alarms.js';

const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });

beforeEach(() => {
  cw.reset();
});

describe('describeAlarms', () => {
  it('asks for at most 100 names per call, metric and composite alarms together', async () => {
    cw.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
      MetricAlarms: (input.AlarmNames ?? []).map((name) => ({ AlarmName: name, StateValue: 'OK' })),
    }));
    const names = Array.from({ length: 250 }, (_, i) => `alarm-${i}`);
    const alarms = await describeAlarms(client, { names, prefixes: [] });
    const calls = cw.commandCalls(DescribeAlarmsCommand);
    expect(calls.map((c) => c.args[0].input.AlarmNames?.length)).toEqual([100, 100, 50]);
    expect(calls.every((c) => c.args[0].input.AlarmTypes?.includes('CompositeAlarm'))).toBe(true);
    expect(alarms).toHaveLength(250);
  });

  it('follows NextToken for a prefix and never mixes a prefix with names', async () => {
    cw.on(DescribeAlarmsCommand, { AlarmNamePrefix: 'orders-' })
      .resolvesOnce({
        MetricAlarms: [
          { AlarmName: 'orders-1', StateValue: 'ALARM', StateReason: 'Threshold crossed' },
        ],
        NextToken: 't1',
      })
      .resolvesOnce({
        CompositeAlarms: [
          { AlarmName: 'orders-2', StateValue: 'OK', AlarmRule: 'ALARM(orders-1)' },
        ],
      });
    const alarms = await describeAlarms(client, { names: [], prefixes: ['orders-'] });
    const calls = cw.commandCalls(DescribeAlarmsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1].args[0].input).toMatchObject({ AlarmNamePrefix: 'orders-', NextToken: 't1' });
    expect(calls.every((c) => c.args[0].input.AlarmNames === undefined)).toBe(true);
    expect(alarms).toEqual([
      expect.objectContaining({
        name: 'orders-1',
        type: 'metric',
        state: 'ALARM',
        reason: 'Threshold crossed',
      }),
      expect.objectContaining({
        name: 'orders-2',
        type: 'composite',
        state: 'OK',
        rule: 'ALARM(orders-1)',
      }),
    ]);
  });

  it('describes the metric an alarm watches, math alarms included', async () => {
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        {
          AlarmName: 'canary-error-rate',
          StateValue: 'OK',
          EvaluationPeriods: 3,
          Metrics: [
            {
              Id: 'e',
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/Lambda',
                  MetricName: 'Errors',
                  Dimensions: [{ Name: 'ExecutedVersion', Value: '4' }],
                },
                Period: 60,
                Stat: 'Sum',
              },
            },
            { Id: 'rate', Expression: 'e / 100' },
          ],
        },
      ],
    });
    const [alarm] = await describeAlarms(client, { names: ['canary-error-rate'], prefixes: [] });
    expect(alarm.metric).toMatchObject({ usesMetricMath: true, period: 60, evaluationPeriods: 3 });
    expect(alarm.metric?.metrics[0].dimensions).toEqual({ ExecutedVersion: '4' });
  });
});
