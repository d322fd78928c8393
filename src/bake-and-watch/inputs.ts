// bake-and-watch's inputs, parsed and checked before any AWS call.
import { type AlarmSelection, parseAlarmSelection } from '../core/alarms.js';
import {
  type BakeConfig,
  checkBakeConfig,
  ON_INCONCLUSIVE,
  parseMetricRules,
  parsePeriod,
  parseSignificance,
  parseTrafficDrop,
} from '../core/bake/config.js';
import {
  pollDatapoints,
  MAX_DATAPOINTS,
  MAX_PERIOD_S,
  metricFunctionName,
} from '../core/bake/metric-limits.js';
import { beforeMs } from '../core/bake/observations.js';
import { InputError } from '../core/input-error.js';
import {
  parseAliasName,
  parseBoolean,
  parseChoice,
  parseDurationWithin,
  parseFunctionName,
  parseInteger,
  parseVersion,
  parseWait,
} from '../core/inputs.js';

export const ON_FAILURE = ['rollback', 'halt'] as const;
export const ON_ERROR = ['fail', 'rollback'] as const;

export interface BakeInputs {
  functionName: string;
  /** The name CloudWatch uses in the FunctionName dimension (the ARN's last part). */
  metricFunctionName: string;
  alias: string;
  /** Undefined: read from the alias (its weighted version, else its version). */
  version?: string;
  /** Undefined: the deployment record's previous version, else the alias's primary version. */
  previousVersion?: string;
  config: BakeConfig;
  alarms: AlarmSelection;
  pollIntervalMs: number;
  onFailure: (typeof ON_FAILURE)[number];
  onError: (typeof ON_ERROR)[number];
  dryRun: boolean;
  region?: string;
}

export const INPUT_NAMES = [
  'function-name',
  'alias',
  'version',
  'previous-version',
  'bake-time',
  'max-bake-time',
  'alarms',
  'alarm-prefixes',
  'min-invocations',
  'metrics',
  'significance',
  'traffic-drop',
  'period',
  'poll-interval',
  'on-inconclusive',
  'on-failure',
  'on-error',
  'dry-run',
  'region',
] as const;
export type RawInputs = Record<(typeof INPUT_NAMES)[number], string>;

export function parseBakeInputs(raw: RawInputs): BakeInputs {
  const functionName = parseFunctionName('function-name', raw['function-name']);
  const alias = parseAliasName('alias', raw.alias);
  const version = raw.version.trim() ? parseVersion('version', raw.version) : undefined;
  const previousVersion = raw['previous-version'].trim()
    ? parseVersion('previous-version', raw['previous-version'])
    : undefined;
  if (version && previousVersion === version) {
    throw new InputError(
      'previous-version',
      raw['previous-version'],
      `a version other than version (${version})`,
    );
  }
  const significance = parseSignificance('significance', raw.significance);
  const trafficDrop = parseTrafficDrop('traffic-drop', raw['traffic-drop']);
  const config: BakeConfig = {
    bakeTimeMs: parseWait('bake-time', raw['bake-time']),
    maxBakeTimeMs: parseWait('max-bake-time', raw['max-bake-time']),
    periodS: parsePeriod('period', raw.period),
    minInvocations: parseInteger('min-invocations', raw['min-invocations'], 1),
    significance,
    rules: parseMetricRules('metrics', raw.metrics),
    trafficDrop,
    onInconclusive: parseChoice('on-inconclusive', raw['on-inconclusive'], ON_INCONCLUSIVE),
  };
  const pollIntervalMs = parseDurationWithin(
    'poll-interval',
    raw['poll-interval'],
    MIN_POLL_MS,
    MAX_PERIOD_S * 1000,
  );
  checkBakeConfig(config, {
    maxBakeTime: raw['max-bake-time'],
    period: raw.period,
    pollInterval: raw['poll-interval'],
    pollIntervalMs,
  });
  // One poll reads the bake and the window before the deployment in one call.
  const points = pollDatapoints(
    config.periodS,
    beforeMs(config.periodS, config.maxBakeTimeMs),
    config.maxBakeTimeMs,
  );
  if (points > MAX_DATAPOINTS) {
    throw new InputError(
      'max-bake-time',
      raw['max-bake-time'],
      `a shorter bake or a longer period: one poll would read ${points} datapoints, over GetMetricData's ${MAX_DATAPOINTS}`,
    );
  }
  const region = raw.region.trim() || undefined;
  return {
    functionName,
    metricFunctionName: metricFunctionName(functionName),
    alias,
    ...(version ? { version } : {}),
    ...(previousVersion ? { previousVersion } : {}),
    config,
    alarms: parseAlarmSelection(raw.alarms, raw['alarm-prefixes']),
    pollIntervalMs,
    onFailure: parseChoice('on-failure', raw['on-failure'], ON_FAILURE),
    onError: parseChoice('on-error', raw['on-error'], ON_ERROR),
    dryRun: parseBoolean('dry-run', raw['dry-run']),
    ...(region ? { region } : {}),
  };
}

/** Polling CloudWatch more often than once a second only spends its quota. */
export const MIN_POLL_MS = 1000;
