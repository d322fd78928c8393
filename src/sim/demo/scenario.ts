// The service the demo deploys: a Lambda function "orders" behind the alias "live" with
// steady traffic, an alias-wide SLO alarm that guards starting a deployment, and, per
// release, an alarm on the new version alone (the ExecutedVersion dimension), which is
// what can see a bad 20% canary without the old version's traffic diluting it.
import type { Simulator } from '../index.js';
import type { VersionModel } from '../lambda-model.js';

export const FUNCTION = 'orders';
export const ALIAS = 'live';
export const SLO_ALARM = 'orders-live-error-budget';
export const RATE_PER_SECOND = 120;

export function setUpService(sim: Simulator): void {
  sim.lambda.createFunctionWithVersions(FUNCTION, 1, {
    models: [{ errorRate: 0.005, latencyMs: 40, p99LatencyMs: 120 }],
  });
  sim.lambda.createAlias(FUNCTION, ALIAS, '1');
  sim.cloudwatch.putMetricAlarm({
    AlarmName: SLO_ALARM,
    AlarmDescription: 'Alias-wide errors: the service is unhealthy, do not start a deployment.',
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Dimensions: [
      { Name: 'FunctionName', Value: FUNCTION },
      { Name: 'Resource', Value: `${FUNCTION}:${ALIAS}` },
    ],
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 500,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
  });
  sim.traffic.start({
    functionName: FUNCTION,
    qualifier: ALIAS,
    ratePerSecond: RATE_PER_SECOND,
    seed: 7,
  });
}

export function versionAlarmName(version: string): string {
  return `orders-v${version}-errors`;
}

/** Publishes a release and its version-scoped alarm, as a workflow's build job would. */
export function publishRelease(
  sim: Simulator,
  model: VersionModel,
): { version: string; alarm: string } {
  const version = sim.lambda.publishVersion(FUNCTION, model);
  const alarm = versionAlarmName(version);
  sim.cloudwatch.putVersionErrorsAlarm({
    name: alarm,
    description: `Errors of version ${version} only, through the live alias.`,
    functionName: FUNCTION,
    alias: ALIAS,
    version,
    period: 10,
    // At 120 req/s a good version at 100% makes ~6 errors per 10 s; the bad one at 20%, ~60.
    threshold: 30,
    treatMissingData: 'notBreaching',
  });
  return { version, alarm };
}
