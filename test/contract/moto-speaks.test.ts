// "moto speaks what our adapters send": the adapters and the core update rules, with the
// real SDK clients, against moto. Where moto differs from AWS the test is named "moto gap"
// and pins moto's behaviour, so moto-gaps.ts (which names the simulator tests covering each
// gap) goes stale loudly, not silently, when moto changes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DescribeAlarmsCommand,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { cloudWatchClient, lambdaClient } from '../../src/adapters/aws.js';
import { describeAlarms } from '../../src/adapters/cloudwatch-alarms.js';
import { LambdaAliasTarget } from '../../src/adapters/lambda/alias-target.js';
import { getVersion } from '../../src/adapters/lambda/versions.js';
import { judgeAlarms, parseAlarmSelection } from '../../src/core/alarms.js';
import { routingBetween } from '../../src/core/routing.js';
import { applyRouting, restorePrevious } from '../../src/core/routing-update.js';
import { systemClock } from '../../src/core/clock.js';
import { decodeRecord, encodeRecord } from '../../src/core/deployment-record.js';
import { motoEndpoint, uniqueName } from './moto.js';
import {
  deployFunction,
  type DeployedFunction,
  putAlarm,
  readAlias,
  setAlarmState,
} from './moto-resources.js';
import { type MotoGapName, noteMotoGaps } from './moto-gaps.js';

const lambda = lambdaClient({ region: 'us-east-1' });
const cloudWatch = cloudWatchClient({ region: 'us-east-1' });
// Invoke is not probed: moto would try to start a Lambda container, and runners differ on Docker.
const gaps: MotoGapName[] = ['invoke'];
let fn: DeployedFunction;

beforeAll(async () => {
  motoEndpoint();
  fn = await deployFunction(lambda, { prefix: 'speaks', versions: 3, aliasVersion: '1' });
});

afterAll(() => {
  noteMotoGaps(gaps);
  lambda.destroy();
  cloudWatch.destroy();
});

describe('moto speaks what the Lambda adapter sends', () => {
  it('publishes numbered versions that share one execution role', async () => {
    expect(fn.versions).toEqual(['1', '2', '3']);
    const info = await getVersion(lambda, fn.functionName, '2');
    expect(info).toMatchObject({ version: '2', role: fn.role });
  });

  it('reads an alias fully on one version, with a RevisionId', async () => {
    const state = await new LambdaAliasTarget(lambda, fn.functionName, fn.alias).read();
    expect(state).toMatchObject({ primaryVersion: '1', name: `${fn.functionName}:${fn.alias}` });
    expect(state.additional).toBeUndefined();
    expect(state.token).not.toBe('');
  });

  it('splits, finishes and restores an alias through applyRouting, keeping the deployment record', async () => {
    const port = new LambdaAliasTarget(lambda, fn.functionName, fn.alias);
    const record = encodeRecord({
      previousVersion: '1',
      version: '2',
      strategy: 'canary 10% 1m',
      startedAt: Date.UTC(2026, 10, 22),
      status: 'in-progress',
    });
    const split = await applyRouting(
      port,
      await port.read(),
      routingBetween('1', '2', 0.1),
      record,
      {
        clock: systemClock,
      },
    );
    expect(split.additional).toEqual({ version: '2', weight: 0.1 });
    expect(await readAlias(lambda, fn.functionName, fn.alias)).toMatchObject({
      primaryVersion: '1',
      weights: { '2': 0.1 },
    });
    expect(decodeRecord((await port.read()).record)).toMatchObject({
      previousVersion: '1',
      version: '2',
      status: 'in-progress',
    });

    const restored = await restorePrevious(
      port,
      { previousVersion: '1', version: '2' },
      { clock: systemClock },
    );
    expect(restored.changed).toBe(true);
    // An empty AdditionalVersionWeights map must clear the split, as it does on AWS.
    expect(await readAlias(lambda, fn.functionName, fn.alias)).toMatchObject({
      primaryVersion: '1',
      weights: {},
    });
  });

  it('refuses a routing weight to a version that does not exist', async () => {
    const port = new LambdaAliasTarget(lambda, fn.functionName, fn.alias);
    const before = await port.read();
    await expect(port.set(before.token, { primaryVersion: '99' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('moto gap: UpdateAlias accepts a stale RevisionId and never changes it', async () => {
    const before = await readAlias(lambda, fn.functionName, fn.alias);
    await lambda.send(
      new UpdateAliasCommand({
        FunctionName: fn.functionName,
        Name: fn.alias,
        FunctionVersion: before.primaryVersion,
        RevisionId: 'stale-revision-id',
        Description: 'written with a stale RevisionId',
      }),
    );
    const after = await readAlias(lambda, fn.functionName, fn.alias);
    // On AWS this is PreconditionFailedException and the revision changes on every update.
    expect(after.description).toBe('written with a stale RevisionId');
    expect(after.revisionId).toBe(before.revisionId);
    gaps.push('revisionId');
  });
});

/** Puts OK alarms ten at a time: fast, and well under any rate moto cares about. */
async function putAlarms(names: string[]): Promise<void> {
  for (let i = 0; i < names.length; i += 10) {
    await Promise.all(
      names.slice(i, i + 10).map((name) => putAlarm(cloudWatch, name, fn.functionName, 'OK')),
    );
  }
}

describe('moto speaks what the CloudWatch alarm adapter sends', () => {
  it('reads alarm states set with SetAlarmState, by name and by prefix', async () => {
    const prefix = uniqueName('speaks-alarm');
    await putAlarm(cloudWatch, `${prefix}-errors`, fn.functionName, 'ALARM');
    await putAlarm(cloudWatch, `${prefix}-latency`, fn.functionName, 'OK');
    const selection = parseAlarmSelection(`${prefix}-errors\n${prefix}-missing`, `${prefix}-lat`);
    const judgement = judgeAlarms(selection, await describeAlarms(cloudWatch, selection));
    expect(judgement.firing.map((a) => a.name)).toEqual([`${prefix}-errors`]);
    expect(judgement.ok.map((a) => a.name)).toEqual([`${prefix}-latency`]);
    expect(judgement.missingNames).toEqual([`${prefix}-missing`]);
    expect(judgement.firing[0]).toMatchObject({
      type: 'metric',
      reason: 'contract test set ALARM',
      metric: { namespace: 'AWS/Lambda', metricName: 'Errors', period: 60 },
    });
  });

  it('moto gap: a new alarm starts in OK, not INSUFFICIENT_DATA, and metric data never moves it', async () => {
    const name = uniqueName('speaks-fresh');
    await cloudWatch.send(
      new PutMetricAlarmCommand({
        AlarmName: name,
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: fn.functionName }],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
    const selection = parseAlarmSelection(name, '');
    const judgement = judgeAlarms(selection, await describeAlarms(cloudWatch, selection));
    // On AWS a new alarm with no data sits in INSUFFICIENT_DATA, which the suite never reads as OK.
    expect(judgement.ok.map((a) => a.name)).toEqual([name]);
    expect(judgement.insufficientData).toEqual([]);
    gaps.push('alarmEvaluation');
  });

  it('moto gap: composite alarms cannot be created', async () => {
    const name = uniqueName('speaks-composite');
    const put = cloudWatch.send(
      new PutCompositeAlarmCommand({ AlarmName: name, AlarmRule: `ALARM("${name}-child")` }),
    );
    // moto server answers an unimplemented action with an HTML 500 page.
    await expect(put).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    gaps.push('compositeAlarms');
  });

  it('reads more than 100 named alarms in batches of 100', async () => {
    const prefix = uniqueName('speaks-many');
    const names = Array.from({ length: 120 }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
    await putAlarms(names);
    await setAlarmState(cloudWatch, names[110], 'ALARM');
    const selection = parseAlarmSelection(names.join('\n'), '');
    const snapshots = await describeAlarms(cloudWatch, selection);
    expect(snapshots.map((s) => s.name)).toEqual(names);
    expect(judgeAlarms(selection, snapshots).firing.map((a) => a.name)).toEqual([names[110]]);
  });

  it('moto gap: DescribeAlarms ignores MaxRecords and answers 100+ names in one call', async () => {
    const prefix = uniqueName('speaks-page');
    const names = Array.from({ length: 101 }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
    await putAlarms(names);
    const byPrefix = await cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, MaxRecords: 100 }),
    );
    // AWS: 100 alarms and a NextToken.
    expect(byPrefix.MetricAlarms).toHaveLength(101);
    expect(byPrefix.NextToken).toBeUndefined();
    // AWS: a validation error for more than 100 AlarmNames.
    const byNames = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: names }));
    expect(byNames.MetricAlarms).toHaveLength(101);
    gaps.push('describeAlarmsPaging');
  });
});
