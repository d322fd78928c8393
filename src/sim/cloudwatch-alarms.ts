import {
  alarmPeriod,
  evalRule,
  evaluateMetricAlarm,
  parseRule,
  ruleAlarms,
  validateComparison,
  type AlarmState,
  type MetricAlarmSpec,
  type Rule,
} from './alarms-eval.js';
import { SimError } from './errors.js';
import { validatePeriod } from './metric-query.js';
import { validateStat, type MetricsStore } from './metrics-store.js';

const ACCOUNT = '123456789012';
export const MAX_ALARM_NAMES = 100;
const STATES: AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

type Params = Record<string, unknown>;

export interface AlarmRecord {
  type: 'MetricAlarm' | 'CompositeAlarm';
  name: string;
  /** The Put* request as sent, echoed back by DescribeAlarms. */
  config: Params;
  rule?: Rule;
  state: AlarmState;
  reason: string;
  reasonData?: string;
  stateUpdated: number;
  stateTransitioned: number;
  configUpdated: number;
}

export interface HistoryItem {
  AlarmName: string;
  AlarmType: 'MetricAlarm' | 'CompositeAlarm';
  Timestamp: number;
  HistoryItemType: 'ConfigurationUpdate' | 'StateUpdate';
  HistorySummary: string;
  HistoryData: string;
  /** Plain fields for tests that read the history back. */
  oldState?: AlarmState;
  newState?: AlarmState;
}

export class Alarms {
  readonly alarms = new Map<string, AlarmRecord>();
  readonly history: HistoryItem[] = [];

  constructor(
    private store: MetricsStore,
    private now: () => number,
    private region: string,
  ) {}

  putMetricAlarm(p: Params): void {
    const name = requireName(p.AlarmName);
    const spec = p as unknown as MetricAlarmSpec;
    validateComparison(spec.ComparisonOperator);
    if (!Number.isInteger(spec.EvaluationPeriods) || spec.EvaluationPeriods < 1) {
      throw new SimError('InvalidParameterValue', 400, 'EvaluationPeriods must be at least 1.');
    }
    const m = spec.DatapointsToAlarm ?? spec.EvaluationPeriods;
    if (m < 1 || m > spec.EvaluationPeriods) {
      throw new SimError(
        'InvalidParameterValue',
        400,
        'DatapointsToAlarm must be between 1 and EvaluationPeriods.',
      );
    }
    const treat = spec.TreatMissingData ?? 'missing';
    if (!['missing', 'notBreaching', 'breaching', 'ignore'].includes(treat)) {
      throw new SimError('InvalidParameterValue', 400, `Invalid TreatMissingData: ${treat}`);
    }
    if (spec.Metrics?.length) {
      if (spec.MetricName || spec.Statistic) {
        throw new SimError(
          'InvalidParameterCombination',
          400,
          'Metrics cannot be combined with MetricName or Statistic.',
        );
      }
    } else {
      if (!spec.MetricName || !spec.Namespace) {
        throw new SimError(
          'MissingParameter',
          400,
          'MetricName and Namespace are required without Metrics.',
        );
      }
      if (!!spec.Statistic === !!spec.ExtendedStatistic) {
        throw new SimError(
          'InvalidParameterCombination',
          400,
          'Exactly one of Statistic and ExtendedStatistic is required.',
        );
      }
      validateStat(spec.ExtendedStatistic ?? spec.Statistic!);
      validatePeriod(spec.Period);
    }
    this.upsert('MetricAlarm', name, p);
  }

  putCompositeAlarm(p: Params): void {
    const name = requireName(p.AlarmName);
    const rule = parseRule(String(p.AlarmRule ?? ''));
    for (const child of ruleAlarms(rule)) {
      if (!this.alarms.has(child) && child !== name) {
        throw new SimError(
          'InvalidParameterValue',
          400,
          `Alarm ${child} referenced in AlarmRule does not exist.`,
        );
      }
    }
    this.upsert('CompositeAlarm', name, p, rule);
    this.evaluateComposites();
  }

  private upsert(type: AlarmRecord['type'], name: string, config: Params, rule?: Rule): void {
    const existing = this.alarms.get(name);
    if (existing && existing.type !== type) {
      throw new SimError(
        'InvalidParameterValue',
        400,
        `An alarm named ${name} of another type exists.`,
      );
    }
    const now = this.now();
    const rec: AlarmRecord = existing ?? {
      type,
      name,
      config,
      state: 'INSUFFICIENT_DATA',
      reason: 'Unchecked: Initial alarm creation',
      stateUpdated: now,
      stateTransitioned: now,
      configUpdated: now,
    };
    rec.config = config;
    rec.rule = rule;
    rec.configUpdated = now;
    this.alarms.set(name, rec);
    this.history.push({
      AlarmName: name,
      AlarmType: type,
      Timestamp: now,
      HistoryItemType: 'ConfigurationUpdate',
      HistorySummary: `Alarm "${name}" ${existing ? 'updated' : 'created'}`,
      HistoryData: JSON.stringify({ type: existing ? 'Update' : 'Create', version: '1.0' }),
    });
  }

  setAlarmState(p: Params): void {
    const rec = this.alarms.get(String(p.AlarmName));
    if (!rec)
      throw new SimError('ResourceNotFound', 404, `Alarm ${String(p.AlarmName)} does not exist.`);
    const state = p.StateValue as AlarmState;
    if (!STATES.includes(state))
      throw new SimError('InvalidParameterValue', 400, `Invalid StateValue: ${state}`);
    if (typeof p.StateReasonData === 'string') {
      try {
        JSON.parse(p.StateReasonData);
      } catch {
        throw new SimError('InvalidFormat', 400, 'StateReasonData is not valid JSON.');
      }
    }
    this.transition(
      rec,
      state,
      String(p.StateReason ?? ''),
      p.StateReasonData as string | undefined,
    );
    this.evaluateComposites();
  }

  /** Evaluates metric alarms due at `now` (all of them when `force`), then composites. */
  evaluate(force = true, lastTick?: number): void {
    const now = this.now();
    for (const rec of this.alarms.values()) {
      if (rec.type !== 'MetricAlarm') continue;
      const spec = rec.config as unknown as MetricAlarmSpec;
      // AWS evaluates once a minute, and every 10 s for alarms on sub-minute periods.
      const every = (alarmPeriod(spec) < 60 ? 10 : 60) * 1000;
      if (
        !force &&
        lastTick !== undefined &&
        Math.floor(now / every) === Math.floor(lastTick / every)
      )
        continue;
      const v = evaluateMetricAlarm(spec, this.store, now, rec.state);
      if (v.state !== rec.state) this.transition(rec, v.state, v.reason, v.reasonData);
    }
    this.evaluateComposites();
  }

  private evaluateComposites(): void {
    // Composites may watch composites: settle until nothing changes.
    for (let pass = 0; pass < 10; pass++) {
      let changed = false;
      for (const rec of this.alarms.values()) {
        if (rec.type !== 'CompositeAlarm' || !rec.rule) continue;
        const stateOf = (n: string): AlarmState | undefined => this.alarms.get(n)?.state;
        const children = ruleAlarms(rec.rule);
        let next: AlarmState;
        if (evalRule(rec.rule, stateOf)) next = 'ALARM';
        else if (children.length && children.every((c) => stateOf(c) === 'INSUFFICIENT_DATA'))
          next = 'INSUFFICIENT_DATA';
        else next = 'OK';
        if (next !== rec.state) {
          this.transition(
            rec,
            next,
            `arn rule ${next === 'ALARM' ? 'evaluated to TRUE' : 'evaluated to FALSE'}`,
          );
          changed = true;
        }
      }
      if (!changed) return;
    }
  }

  private transition(
    rec: AlarmRecord,
    state: AlarmState,
    reason: string,
    reasonData?: string,
  ): void {
    const now = this.now();
    const old = rec.state;
    rec.state = state;
    rec.reason = reason;
    rec.reasonData = reasonData;
    rec.stateUpdated = now;
    if (old !== state) rec.stateTransitioned = now;
    this.history.push({
      AlarmName: rec.name,
      AlarmType: rec.type,
      Timestamp: now,
      HistoryItemType: 'StateUpdate',
      HistorySummary: `Alarm updated from ${old} to ${state}`,
      HistoryData: JSON.stringify({
        version: '1.0',
        oldState: { stateValue: old },
        newState: { stateValue: state, stateReason: reason },
      }),
      oldState: old,
      newState: state,
    });
  }

  arn(name: string): string {
    return `arn:aws:cloudwatch:${this.region}:${ACCOUNT}:alarm:${name}`;
  }

  /** The DescribeAlarms shape, timestamps in epoch seconds as the JSON protocol sends them. */
  toWire(rec: AlarmRecord): Params {
    const base: Params = {
      ...rec.config,
      AlarmArn: this.arn(rec.name),
      StateValue: rec.state,
      StateReason: rec.reason,
      StateUpdatedTimestamp: rec.stateUpdated / 1000,
      StateTransitionedTimestamp: rec.stateTransitioned / 1000,
      AlarmConfigurationUpdatedTimestamp: rec.configUpdated / 1000,
      ActionsEnabled: rec.config.ActionsEnabled ?? true,
    };
    delete base.Tags;
    if (rec.reasonData !== undefined) base.StateReasonData = rec.reasonData;
    return base;
  }
}

function requireName(n: unknown): string {
  if (typeof n !== 'string' || n.length < 1 || n.length > 255) {
    throw new SimError('InvalidParameterValue', 400, 'AlarmName must be 1 to 255 characters.');
  }
  return n;
}
