// Builders shared by the check-blockers unit tests: inputs as the runner would give them
// (action.yml defaults applied), alarm snapshots and alias states.
import type { AlarmSnapshot } from '../../../../src/core/alarms.js';
import type { TargetState } from '../../../../src/core/traffic-target.js';
import { type BlockersConfig, parseBlockersConfig } from '../../../../src/core/blockers/config.js';
import { holidaysLibrary } from './holiday-library.js';

export const DEFAULTS: Record<string, string> = {
  'insufficient-data': 'warn',
  'blocking-labels': 'deploy-blocker',
  advice: 'true',
  'fail-on-block': 'true',
};

export function config(inputs: Record<string, string> = {}): BlockersConfig {
  const all = { ...DEFAULTS, ...inputs };
  return parseBlockersConfig((name) => all[name] ?? '', holidaysLibrary(all.holidays ?? ''));
}

export function alarm(
  name: string,
  state: AlarmSnapshot['state'],
  extra: Partial<AlarmSnapshot> = {},
): AlarmSnapshot {
  return {
    name,
    type: 'metric',
    state,
    reason: state === 'ALARM' ? 'Threshold Crossed: 1 datapoint [5.0] was greater than 1.0' : '',
    metric: {
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: 'orders', Resource: 'orders:live', ExecutedVersion: '4' },
      period: 60,
      evaluationPeriods: 3,
      usesMetricMath: false,
      metrics: [
        {
          namespace: 'AWS/Lambda',
          metricName: 'Errors',
          dimensions: { FunctionName: 'orders', Resource: 'orders:live', ExecutedVersion: '4' },
          period: 60,
        },
      ],
    },
    ...extra,
  };
}

export function aliasWideAlarm(name: string, period = 300, evaluationPeriods = 3): AlarmSnapshot {
  const dimensions = { FunctionName: 'orders', Resource: 'orders:live' };
  return alarm(name, 'OK', {
    metric: {
      dimensions,
      period,
      evaluationPeriods,
      usesMetricMath: false,
      metrics: [{ namespace: 'AWS/Lambda', metricName: 'Errors', dimensions, period }],
    },
  });
}

export function aliasState(extra: Partial<TargetState> = {}): TargetState {
  return {
    name: 'orders:live',
    primaryVersion: '3',
    token: 'rev-1',
    record: '',
    ...extra,
  };
}

/** Monday 5 January 2026, 10:00 UTC (11:00 in Berlin). */
export const MONDAY_MORNING = Date.parse('2026-01-05T10:00:00Z');
