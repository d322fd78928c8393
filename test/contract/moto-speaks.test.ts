// "moto speaks what our adapters send": the adapters and core update rules, with the real SDK
// clients, against moto. What moto does differently from AWS is pinned here as a known gap
// (so this note goes stale loudly if moto changes) and covered by the simulator instead:
// - UpdateAlias ignores RevisionId, and RevisionId never changes: the stale-revision path
//   (PreconditionFailedException -> AliasChangedError, nothing overwritten) is covered by
//   test/unit/core/alias-update.test.ts and the simulator's alias tests (test/sim/).
// - Alarms are never evaluated from metric data; only SetAlarmState moves them. Alarm
//   evaluation is covered by the simulator's alarm tests (test/sim/, src/sim/alarms-eval.ts).
// - Composite alarms: no PutCompositeAlarm, so composite rules are simulator-only.
// - DescribeAlarms ignores AlarmTypes, MaxRecords and NextToken (one page, any count, 100+
//   names accepted): batching and paging are covered by test/unit/adapters with
//   aws-sdk-client-mock and by the simulator.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PutCompositeAlarmCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { cloudWatchClient, lambdaClient } from '../../src/adapters/aws.js';
import { describeAlarms } from '../../src/adapters/cloudwatch-alarms.js';
import { getVersion, LambdaAlias } from '../../src/adapters/lambda-alias.js';
import { judgeAlarms, parseAlarmSelection } from '../../src/core/alarms.js';
import { routingBetween } from '../../src/core/alias-state.js';
import { applyRouting, restorePrevious } from '../../src/core/alias-update.js';
import { systemClock } from '../../src/core/clock.js';
import { decodeRecord, encodeRecord } from '../../src/core/deployment-record.js';
import {
  deployFunction,
  type DeployedFunction,
  motoEndpoint,
  noteMotoGaps,
  putAlarm,
  readAlias,
  setAlarmState,
  uniqueName,
} from './moto.js';

const lambda = lambdaClient({ region: 'us-east-1' });
const cloudWatch = cloudWatchClient({ region: 'us-east-1' });
const gaps: string[] = [
  // Not probed: moto would try to start a Lambda container, and runners differ on Docker.
  'Invoke needs Docker, so no traffic and no per-version Invocations/Errors metrics: ' +
    'the simulator traffic generator (src/sim/traffic.ts) and its e2e scenarios',
];
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
    const state = await new LambdaAlias(lambda, fn.functionName, fn.alias).read();
    expect(state).toMatchObject({ primaryVersion: '1', functionName: fn.functionName });
    expect(state.additional).toBeUndefined();
    expect(state.revisionId).not.toBe('');
  });

  it('splits, finishes and restores an alias through applyRouting, keeping the deployment record', async () => {
    const port = new LambdaAlias(lambda, fn.functionName, fn.alias);
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
    expect(decodeRecord((await port.read()).description)).toMatchObject({
      previousVersion: '1',
      version: '2',
      status: 'in-progress',
    });

    const restored = await restorePrevious(
      port,
      { functionName: fn.functionName, alias: fn.alias, previousVersion: '1', version: '2' },
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
    const port = new LambdaAlias(lambda, fn.functionName, fn.alias);
    const before = await port.read();
    await expect(port.update(before.revisionId, { primaryVersion: '99' })).rejects.toMatchObject({
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
    gaps.push(
      'UpdateAlias ignores RevisionId (no PreconditionFailedException, RevisionId never changes): ' +
        'test/unit/core/alias-update.test.ts and the simulator alias tests (test/sim/)',
    );
  });
});

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
    gaps.push(
      'a new alarm starts in OK (AWS: INSUFFICIENT_DATA) and is never evaluated from metric data, ' +
        'only SetAlarmState moves it: the simulator alarm evaluation tests (test/sim/, src/sim/alarms-eval.ts)',
    );
  });

  it('moto gap: composite alarms cannot be created', async () => {
    const name = uniqueName('speaks-composite');
    const put = cloudWatch.send(
      new PutCompositeAlarmCommand({ AlarmName: name, AlarmRule: `ALARM("${name}-child")` }),
    );
    // moto server answers an unimplemented action with an HTML 500 page.
    await expect(put).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    gaps.push(
      'no PutCompositeAlarm, so composite alarms (read with AlarmTypes CompositeAlarm) are ' +
        'simulator-only: the simulator composite alarm tests (test/sim/)',
    );
  });

  it('reads more than 100 named alarms in batches of 100', async () => {
    const prefix = uniqueName('speaks-many');
    const names = Array.from({ length: 120 }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
    for (const name of names) await putAlarm(cloudWatch, name, fn.functionName, 'OK');
    await setAlarmState(cloudWatch, names[110], 'ALARM');
    const selection = parseAlarmSelection(names.join('\n'), '');
    const snapshots = await describeAlarms(cloudWatch, selection);
    expect(snapshots.map((s) => s.name)).toEqual(names);
    expect(judgeAlarms(selection, snapshots).firing.map((a) => a.name)).toEqual([names[110]]);
  });
});
