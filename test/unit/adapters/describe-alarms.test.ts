// The alarm reads check-blockers relies on: names batched 100 per call, prefixes paged with
// NextToken, composite alarms asked for in the same call.
import { describe, expect, it } from '@jest/globals';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { describeAlarms } from '../../../src/adapters/cloudwatch-alarms.js';

const metric = (name: string) => ({
  AlarmName: name,
  StateValue: 'OK' as const,
  MetricName: 'Errors',
  Period: 60,
  EvaluationPeriods: 1,
});

describe('reading alarms for check-blockers', () => {
  it('asks for at most 100 names per call, metric and composite together', async () => {
    const cw = mockClient(CloudWatchClient);
    cw.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
      MetricAlarms: (input.AlarmNames ?? []).map(metric),
    }));
    const names = Array.from({ length: 250 }, (_, i) => `a-${i}`);
    const alarms = await describeAlarms(new CloudWatchClient({ region: 'eu-west-1' }), {
      names,
      prefixes: [],
    });
    expect(alarms).toHaveLength(250);
    const calls = cw.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.AlarmNames?.length)).toEqual([100, 100, 50]);
    expect(
      calls.every(
        (c) => c.AlarmTypes?.includes('CompositeAlarm') && c.AlarmTypes.includes('MetricAlarm'),
      ),
    ).toBe(true);
  });

  it('follows NextToken for a prefix and keeps composite alarms', async () => {
    const cw = mockClient(CloudWatchClient);
    cw.on(DescribeAlarmsCommand, { AlarmNamePrefix: 'orders-', NextToken: undefined })
      .resolves({ MetricAlarms: [metric('orders-1')], NextToken: 'page-2' })
      .on(DescribeAlarmsCommand, { AlarmNamePrefix: 'orders-', NextToken: 'page-2' })
      .resolves({
        CompositeAlarms: [
          { AlarmName: 'orders-health', StateValue: 'ALARM', AlarmRule: 'ALARM(orders-1)' },
        ],
      });
    const alarms = await describeAlarms(new CloudWatchClient({ region: 'eu-west-1' }), {
      names: [],
      prefixes: ['orders-'],
    });
    expect(alarms.map((a) => [a.name, a.type, a.state])).toEqual([
      ['orders-1', 'metric', 'OK'],
      ['orders-health', 'composite', 'ALARM'],
    ]);
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(2);
  });
});
