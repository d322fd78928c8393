import type { AlarmState } from './alarms-eval.js';
import { DEFAULT_MODEL, type VersionModel } from './lambda-model.js';
import type { ProvisionedOptions } from './lambda-provisioned.js';
import type { Dimension } from './metrics-store.js';
import type { Simulator } from './simulator.js';

type Params = Record<string, unknown>;

export const DEFAULT_ROLE = 'arn:aws:iam::123456789012:role/lambda-exec';

export interface FunctionSetup {
  role?: string;
  /** One model for every version, or one per version (index 0 is version 1). */
  models?: VersionModel | VersionModel[];
}

/** Set-up and read-back for Lambda in one line each; same rules as the API. */
export function lambdaHelpers(sim: Simulator) {
  const l = sim.lambdaState;
  const modelAt = (models: FunctionSetup['models'], i: number): VersionModel =>
    (Array.isArray(models) ? models[i] : models) ?? DEFAULT_MODEL;
  const api = {
    createFunction(name: string, setup: FunctionSetup = {}): void {
      l.createFunction({
        FunctionName: name,
        Role: setup.role ?? DEFAULT_ROLE,
        Code: { ZipFile: `${name}-0` },
      });
    },
    /** Publishes a new version from fresh code; returns its number. */
    publishVersion(name: string, model: VersionModel = DEFAULT_MODEL, role?: string): string {
      const fn = l.parseName(name).fn;
      if (role) fn.latest.Role = role;
      l.updateCode(name, { ZipFile: `${name}-${fn.nextVersion}` });
      return String(l.publishVersion(name, {}, model).Version);
    },
    /** Creates `name` with versions 1..count published; returns ['1', ..., String(count)]. */
    createFunctionWithVersions(name: string, count: number, setup: FunctionSetup = {}): string[] {
      api.createFunction(name, setup);
      return Array.from({ length: count }, (_, i) =>
        api.publishVersion(name, modelAt(setup.models, i)),
      );
    },
    /**
     * Sets what GetFunctionConfiguration reports for a version (State, StateReason,
     * LastUpdateStatus, LastUpdateStatusReason), as Lambda does for a version that failed to
     * publish or went Inactive after being idle.
     */
    setVersionState(
      name: string,
      version: string,
      fields: {
        State?: string;
        StateReason?: string;
        LastUpdateStatus?: string;
        LastUpdateStatusReason?: string;
      },
    ): void {
      const v = l.resolveVersion(l.parseName(name).fn, version);
      Object.assign(v.config, fields);
    },
    setModel(name: string, version: string, model: Partial<VersionModel>): void {
      const v = l.resolveVersion(l.parseName(name).fn, version);
      v.model = { ...v.model, ...model };
    },
    createAlias(
      name: string,
      alias: string,
      version: string,
      weights: Record<string, number> = {},
      description?: string,
    ): Params {
      return l.createAlias(name, {
        Name: alias,
        FunctionVersion: version,
        RoutingConfig: { AdditionalVersionWeights: weights },
        ...(description !== undefined ? { Description: description } : {}),
      });
    },
    /** Changes routing as another actor would (new RevisionId), without needing the old one. */
    setAliasRouting(
      name: string,
      alias: string,
      version: string,
      weights: Record<string, number> = {},
      description?: string,
    ): Params {
      return l.updateAlias(name, alias, {
        FunctionVersion: version,
        RoutingConfig: { AdditionalVersionWeights: weights },
        ...(description !== undefined ? { Description: description } : {}),
      });
    },
    getAlias(name: string, alias: string): Params {
      return l.getAlias(name, alias);
    },
    /**
     * Puts `n` provisioned concurrency on the alias (as PutProvisionedConcurrencyConfig,
     * before any weights). Every later change of its routing re-allocates: IN_PROGRESS for
     * `readyAfterMs`, then READY, or FAILED with `failWith` for the next `failTimes` changes.
     */
    setProvisionedConcurrency(
      name: string,
      alias: string,
      n: number,
      options: ProvisionedOptions = {},
    ): Params {
      return l.putProvisionedConcurrency(name, alias, n, options);
    },
    /** What GetProvisionedConcurrencyConfig answers now. */
    provisionedConcurrency(name: string, alias: string): Params {
      return l.getProvisionedConcurrency(name, alias);
    },
    /** While on, every update to the function answers ResourceConflictException (409). */
    /** Throttles control-plane calls over `perSecond` in any second, as Lambda does. */
    setControlPlaneRate(perSecond: number | undefined): void {
      sim.controlPlane.perSecond = perSecond;
      sim.controlPlane.starts.length = 0;
    },
    setUpdateInProgress(name: string, on: boolean): void {
      l.parseName(name).fn.updateInProgress = on;
    },
    aliasHistory(name?: string, alias?: string) {
      return l.aliasHistory.filter(
        (h) => (!name || h.functionName === name) && (!alias || h.alias === alias),
      );
    },
  };
  return api;
}

/** Set-up and read-back for CloudWatch; inputs use the API's shapes, times in ms. */
export function cloudWatchHelpers(sim: Simulator) {
  const cw = sim.cloudwatchApi;
  return {
    putMetricAlarm(params: object): void {
      cw.handle('PutMetricAlarm', params as Params);
    },
    /**
     * The alarm users are told to create: Errors of one version only, through the alias
     * (the ExecutedVersion dimension set), so a small canary is not diluted by the old
     * version's traffic. Defaults: Sum over 60 s, ALARM at 1 error or more.
     */
    putVersionErrorsAlarm(spec: {
      name: string;
      functionName: string;
      alias: string;
      version: string;
      period?: number;
      threshold?: number;
      description?: string;
      treatMissingData?: 'missing' | 'notBreaching' | 'breaching' | 'ignore';
      state?: AlarmState;
    }): void {
      cw.handle('PutMetricAlarm', {
        AlarmName: spec.name,
        ...(spec.description ? { AlarmDescription: spec.description } : {}),
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [
          { Name: 'FunctionName', Value: spec.functionName },
          { Name: 'Resource', Value: `${spec.functionName}:${spec.alias}` },
          { Name: 'ExecutedVersion', Value: spec.version },
        ],
        Statistic: 'Sum',
        Period: spec.period ?? 60,
        EvaluationPeriods: 1,
        Threshold: spec.threshold ?? 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        ...(spec.treatMissingData ? { TreatMissingData: spec.treatMissingData } : {}),
      } as Params);
      if (spec.state) {
        cw.handle('SetAlarmState', {
          AlarmName: spec.name,
          StateValue: spec.state,
          StateReason: `${spec.state} set by the simulator`,
        });
      }
    },
    putCompositeAlarm(name: string, rule: string): void {
      cw.handle('PutCompositeAlarm', { AlarmName: name, AlarmRule: rule });
    },
    setAlarmState(name: string, state: AlarmState, reason = 'set by the simulator'): void {
      cw.handle('SetAlarmState', { AlarmName: name, StateValue: state, StateReason: reason });
    },
    alarmState(name: string): AlarmState | undefined {
      return cw.alarms.alarms.get(name)?.state;
    },
    /** Evaluates every alarm now, whatever the cadence. */
    evaluateAlarms(): void {
      cw.alarms.evaluate(true);
    },
    alarmHistory(name?: string) {
      return cw.alarms.history
        .filter((h) => (!name || h.AlarmName === name) && h.HistoryItemType === 'StateUpdate')
        .map((h) => ({
          time: h.Timestamp,
          alarm: h.AlarmName,
          from: h.oldState,
          to: h.newState,
          summary: h.HistorySummary,
        }));
    },
    putMetric(
      namespace: string,
      metricName: string,
      dimensions: Dimension[],
      value: number,
      time = sim.clock.now(),
    ): void {
      sim.store.put(
        { namespace, metricName, dimensions },
        { t: time, values: [value], counts: [1] },
      );
    },
    /** Lowers the datapoints per GetMetricData page, to exercise NextToken cheaply. */
    setMetricDataPageSize(n: number): void {
      cw.metricDataPageSize = n;
    },
  };
}
