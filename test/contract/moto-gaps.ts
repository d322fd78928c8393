// What moto (5.2.x) does differently from AWS for the calls the suite makes, and the test
// that covers each on the simulator instead. One list, so the note printed by each contract
// file, the comments and the README say the same thing. moto-speaks.test.ts pins each gap
// that can be probed, so this list goes stale loudly when moto changes.

export interface MotoGap {
  /** What moto lacks or does differently. */
  lacks: string;
  /** The tests that prove the behaviour instead. */
  coveredBy: string;
}

export const MOTO_GAPS = {
  revisionId: {
    lacks:
      'UpdateAlias ignores RevisionId (never PreconditionFailedException) and RevisionId never changes, ' +
      'so "someone else changed the alias" cannot happen on moto',
    coveredBy:
      "test/sim/lambda.test.ts 'a stale RevisionId gets PreconditionFailedException (412)'; " +
      "test/e2e/rollback.test.ts 'refuses when the alias changes after it was read'; " +
      'test/unit/core/routing-update.test.ts',
  },
  alarmEvaluation: {
    lacks:
      'alarms are never evaluated from metric data, and a new alarm starts in OK (AWS: INSUFFICIENT_DATA); ' +
      'only SetAlarmState moves them',
    coveredBy:
      "test/sim/alarms-eval.test.ts 'metric alarm evaluation' (incl. 'sits in INSUFFICIENT_DATA without data')",
  },
  compositeAlarms: {
    lacks: 'no PutCompositeAlarm (HTTP 500), so no composite alarms and no composite rules',
    coveredBy:
      "test/sim/alarms-eval.test.ts 'composite alarm evaluation'; " +
      "test/e2e/check-blockers.test.ts 'blocks on a composite alarm in ALARM'",
  },
  describeAlarmsPaging: {
    lacks:
      'DescribeAlarms ignores AlarmTypes, MaxRecords and NextToken (one page, any number of names)',
    coveredBy:
      "test/sim/cloudwatch.test.ts 'DescribeAlarms'; test/unit/adapters/cloudwatch-alarms.test.ts; " +
      "test/e2e/check-blockers.test.ts 'checks 1,000 alarms by prefix in at most 10 DescribeAlarms calls'",
  },
  percentiles: {
    lacks:
      'GetMetricData has no percentile statistics: a p99 query (bake-and-watch asks for p99 Duration) ' +
      'fails the whole call with HTTP 500, so the bake-and-watch bundle cannot run on moto',
    coveredBy:
      "test/sim/cloudwatch.test.ts 'computes statistics including p99, newest first by default'; " +
      'test/unit/adapters/cloudwatch-metrics.test.ts; test/e2e/bake-and-watch*.test.ts',
  },
  invoke: {
    lacks:
      'Invoke needs Docker, so no traffic, no ExecutedVersion metrics and no Lambda hooks (not probed: ' +
      'moto would try to start a container)',
    coveredBy:
      "test/sim/traffic.test.ts 'traffic through a weighted alias'; " +
      "test/sim/lambda.test.ts 'Invoke runs the version model, not user code'; test/unit/core/hook.test.ts",
  },
  provisionedConcurrency: {
    lacks:
      'GetProvisionedConcurrencyConfig is not served (an HTML 404), so shift-traffic and rollback warn and never wait for provisioned concurrency',
    coveredBy:
      'test/e2e/shift-traffic-provisioned.test.ts; test/e2e/rollback.test.ts (provisioned concurrency); ' +
      'test/sim/lambda-provisioned.test.ts; test/unit/core/provisioned-concurrency.test.ts',
  },
  github: {
    lacks: 'no GitHub: deployment statuses and deploy-blocker issues',
    coveredBy:
      "test/sim/github.test.ts 'GitHub stand-in'; " +
      "test/e2e/check-blockers.test.ts 'blocks on an open issue labelled deploy-blocker'; " +
      'test/e2e/shift-traffic.test.ts and test/e2e/rollback.test.ts (deployment statuses)',
  },
} as const satisfies Record<string, MotoGap>;

export type MotoGapName = keyof typeof MOTO_GAPS;

/** Printed once per file so the gaps show in the run's log, not only in comments. */
export function noteMotoGaps(names: readonly MotoGapName[]): void {
  if (names.length === 0) return;
  const lines = names.map(
    (n) => `- ${MOTO_GAPS[n].lacks}\n    covered by: ${MOTO_GAPS[n].coveredBy}`,
  );
  console.log(`moto gaps, covered by the simulator instead:\n${lines.join('\n')}`);
}
