import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  ResourceNotFound,
  SetAlarmStateCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { Simulator } from '../../src/sim/index.js';
import { simWithClients } from './fixture.js';

let sim: Simulator;
let cw: CloudWatchClient;
beforeEach(async () => {
  ({ sim, cw } = await simWithClients());
});
afterEach(async () => {
  cw.destroy();
  await sim.stop();
});

const alarm = (name: string) =>
  new PutMetricAlarmCommand({
    AlarmName: name,
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: 'orders' }],
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  });

describe('DescribeAlarms', () => {
  it('checks 1,000 alarms by prefix in at most 10 calls of MaxRecords 100', async () => {
    for (let i = 0; i < 1000; i++)
      sim.cloudwatch.putMetricAlarm(alarm(`orders-${String(i).padStart(4, '0')}`).input);
    sim.cloudwatch.putMetricAlarm(alarm('other').input);
    let token: string | undefined;
    const names: string[] = [];
    do {
      const page = await cw.send(
        new DescribeAlarmsCommand({
          AlarmNamePrefix: 'orders-',
          MaxRecords: 100,
          NextToken: token,
        }),
      );
      names.push(...(page.MetricAlarms ?? []).map((a) => a.AlarmName!));
      token = page.NextToken;
    } while (token);
    expect(names).toHaveLength(1000);
    expect(sim.calls.count('DescribeAlarms')).toBe(10);
  });

  it('accepts at most 100 AlarmNames, and not together with AlarmNamePrefix', async () => {
    const names = Array.from({ length: 101 }, (_, i) => `a${i}`);
    await expect(cw.send(new DescribeAlarmsCommand({ AlarmNames: names }))).rejects.toBeInstanceOf(
      InvalidParameterValueException,
    );
    await expect(
      cw.send(new DescribeAlarmsCommand({ AlarmNames: ['a'], AlarmNamePrefix: 'a' })),
    ).rejects.toBeInstanceOf(InvalidParameterCombinationException);
    await expect(cw.send(new DescribeAlarmsCommand({ MaxRecords: 101 }))).rejects.toBeInstanceOf(
      InvalidParameterValueException,
    );
  });

  it('returns composite alarms only when AlarmTypes asks for them', async () => {
    await cw.send(alarm('child'));
    await cw.send(new PutCompositeAlarmCommand({ AlarmName: 'parent', AlarmRule: 'ALARM(child)' }));
    const plain = await cw.send(new DescribeAlarmsCommand({}));
    expect(plain.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['child']);
    expect(plain.CompositeAlarms ?? []).toEqual([]);
    const both = await cw.send(
      new DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] }),
    );
    expect(both.CompositeAlarms?.map((a) => [a.AlarmName, a.AlarmRule])).toEqual([
      ['parent', 'ALARM(child)'],
    ]);
    expect(both.MetricAlarms?.[0]?.StateValue).toBe('INSUFFICIENT_DATA');
    expect(both.MetricAlarms?.[0]?.StateUpdatedTimestamp).toBeInstanceOf(Date);
  });
});

describe('SetAlarmState, composite rules and DescribeAlarmHistory', () => {
  it('moves an alarm, drives the composite rule and records both in the history', async () => {
    await cw.send(alarm('errors'));
    await cw.send(alarm('latency'));
    await cw.send(
      new PutCompositeAlarmCommand({
        AlarmName: 'guard',
        AlarmRule: 'ALARM("errors") OR (ALARM(latency) AND NOT OK(errors))',
      }),
    );
    await cw.send(
      new SetAlarmStateCommand({ AlarmName: 'errors', StateValue: 'ALARM', StateReason: 'test' }),
    );
    expect(sim.cloudwatch.alarmState('guard')).toBe('ALARM');
    await cw.send(
      new SetAlarmStateCommand({ AlarmName: 'errors', StateValue: 'OK', StateReason: 'test' }),
    );
    expect(sim.cloudwatch.alarmState('guard')).toBe('OK');

    const history = await cw.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: 'errors',
        HistoryItemType: 'StateUpdate',
        ScanBy: 'TimestampAscending',
      }),
    );
    expect(history.AlarmHistoryItems?.map((h) => h.HistorySummary)).toEqual([
      'Alarm updated from INSUFFICIENT_DATA to ALARM',
      'Alarm updated from ALARM to OK',
    ]);
    expect(sim.cloudwatch.alarmHistory('guard').map((h) => h.to)).toEqual(['ALARM', 'OK']);
  });

  it('answers ResourceNotFound (404) for an unknown alarm', async () => {
    const err = await cw
      .send(new SetAlarmStateCommand({ AlarmName: 'ghost', StateValue: 'ALARM', StateReason: 'x' }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(ResourceNotFound);
    expect(err.$metadata.httpStatusCode).toBe(404);
  });

  it('refuses a composite rule on an alarm that does not exist', async () => {
    await expect(
      cw.send(new PutCompositeAlarmCommand({ AlarmName: 'p', AlarmRule: 'ALARM(ghost)' })),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
  });
});

describe('PutMetricData and GetMetricData', () => {
  const t0 = Date.UTC(2026, 0, 5, 10, 0, 0);
  const dims = [{ Name: 'Service', Value: 'orders' }];
  const stat = (Id: string, MetricName: string, Stat: string, Period = 60): MetricDataQuery => ({
    Id,
    MetricStat: { Metric: { Namespace: 'Test', MetricName, Dimensions: dims }, Period, Stat },
  });

  beforeEach(async () => {
    // Ten minutes: 100 requests and i errors in minute i, durations 1..100 ms.
    for (let i = 0; i < 10; i++) {
      const Timestamp = new Date(t0 + i * 60_000 + 1000);
      const durations = Array.from({ length: 100 }, (_, k) => k + 1);
      await cw.send(
        new PutMetricDataCommand({
          Namespace: 'Test',
          MetricData: [
            { MetricName: 'Requests', Dimensions: dims, Timestamp, Value: 100 },
            { MetricName: 'Failures', Dimensions: dims, Timestamp, Value: i },
            { MetricName: 'Latency', Dimensions: dims, Timestamp, Values: durations },
          ],
        }),
      );
    }
  });
  const window = { StartTime: new Date(t0), EndTime: new Date(t0 + 600_000) };
  /** The minutes (after t0) a query for Requests sees now. */
  const requests = async () =>
    (
      await cw.send(
        new GetMetricDataCommand({
          ...window,
          ScanBy: 'TimestampAscending',
          MetricDataQueries: [stat('r', 'Requests', 'Sum')],
        }),
      )
    ).MetricDataResults![0]!.Timestamps!.map((t) => (t.getTime() - t0) / 60_000);

  it('shows a datum only once its publication lag has passed, as AWS/Lambda data lands late', async () => {
    await sim.clock.advance(t0 + 10 * 60_000 - sim.clock.now());
    expect(await requests()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Minutes 8 and 9 (data at :01 past each) are still under three minutes old.
    sim.store.publicationLagMs = 3 * 60_000;
    expect(await requests()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await sim.clock.advance(60_000);
    expect(await requests()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('publishes nothing during an outage, then all that was held back at once, as in a CloudWatch incident', async () => {
    await sim.clock.advance(t0 + 5 * 60_000 - sim.clock.now());
    sim.store.outage = { from: sim.clock.now(), until: sim.clock.now() + 4 * 60_000 };
    await sim.clock.advance(3 * 60_000);
    // Minutes 5 to 7 ended during the outage: still what a query saw when it began.
    expect(await requests()).toEqual([0, 1, 2, 3, 4]);
    await sim.clock.advance(60_000);
    expect(await requests()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('computes statistics including p99, newest first by default', async () => {
    const out = await cw.send(
      new GetMetricDataCommand({
        ...window,
        MetricDataQueries: [stat('p', 'Latency', 'p99'), stat('n', 'Latency', 'SampleCount')],
      }),
    );
    const [p, n] = out.MetricDataResults!;
    expect(p!.Values).toHaveLength(10);
    expect(p!.Values![0]).toBe(99);
    expect(n!.Values![0]).toBe(100);
    expect(p!.Timestamps![0]).toEqual(new Date(t0 + 9 * 60_000));
    expect(p!.StatusCode).toBe('Complete');
  });

  it('computes the trimmed count TC(x:) and the percentile rank PR(:x), and refuses them unbounded', async () => {
    const out = await cw.send(
      new GetMetricDataCommand({
        ...window,
        MetricDataQueries: [
          stat('slow', 'Latency', 'TC(97.5:)'),
          stat('rank', 'Latency', 'PR(:90)'),
          stat('band', 'Latency', 'TC(10:20)'),
        ],
      }),
    );
    const [slow, rank, band] = out.MetricDataResults!;
    // Durations 1..100 ms each minute: 98, 99, 100 are above 97.5 (lower bound exclusive);
    // 90 of 100 are at or below 90; 11..20 are in (10, 20].
    expect(slow!.Values![0]).toBe(3);
    expect(rank!.Values![0]).toBe(90);
    expect(band!.Values![0]).toBe(10);
    await expect(
      cw.send(
        new GetMetricDataCommand({ ...window, MetricDataQueries: [stat('x', 'Latency', 'TC(:)')] }),
      ),
    ).rejects.toThrow(/statistic TC\(:\) is not supported/);
  });

  it('evaluates metric math between series and constants; hidden inputs stay hidden', async () => {
    const out = await cw.send(
      new GetMetricDataCommand({
        ...window,
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          { ...stat('f', 'Failures', 'Sum'), ReturnData: false },
          { ...stat('r', 'Requests', 'Sum'), ReturnData: false },
          { Id: 'rate', Expression: '100 * f / r', Label: 'error %' },
        ],
      }),
    );
    expect(out.MetricDataResults).toHaveLength(1);
    expect(out.MetricDataResults![0]!.Values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(out.MetricDataResults![0]!.Label).toBe('error %');
  });

  it('pages with NextToken and PartialData', async () => {
    sim.cloudwatch.setMetricDataPageSize(4);
    const values: number[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const out = await cw.send(
        new GetMetricDataCommand({
          ...window,
          NextToken: token,
          MetricDataQueries: [stat('f', 'Failures', 'Sum')],
        }),
      );
      values.push(...out.MetricDataResults![0]!.Values!);
      if (out.NextToken) expect(out.MetricDataResults![0]!.StatusCode).toBe('PartialData');
      token = out.NextToken;
      calls++;
    } while (token);
    expect(values).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(calls).toBe(3);
  });

  it('enforces the Period rules and the 500-query limit', async () => {
    await expect(
      cw.send(
        new GetMetricDataCommand({
          ...window,
          MetricDataQueries: [stat('a', 'Failures', 'Sum', 90)],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
    const many = Array.from({ length: 501 }, (_, i) => stat(`q${i}`, 'Failures', 'Sum'));
    await expect(
      cw.send(new GetMetricDataCommand({ ...window, MetricDataQueries: many })),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
    const ok = await cw.send(
      new GetMetricDataCommand({ ...window, MetricDataQueries: many.slice(0, 500) }),
    );
    expect(ok.MetricDataResults).toHaveLength(500);
  });

  it('accepts high-resolution periods (1, 5, 10, 30 s)', async () => {
    for (const Period of [1, 5, 10, 30]) {
      const out = await cw.send(
        new GetMetricDataCommand({
          ...window,
          MetricDataQueries: [stat('a', 'Failures', 'Sum', Period)],
        }),
      );
      expect(out.MetricDataResults![0]!.Values!.reduce((a, b) => a + b, 0)).toBe(45);
    }
  });
});
