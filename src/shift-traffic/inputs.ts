// The shift-traffic inputs, parsed and validated in one go before any AWS call, so bad
// input is always reported before anything changes.
import { type AlarmSelection, parseAlarmSelection } from '../core/alarms.js';
import { isOwnerLabel, LOCAL_RUN_ID, UNKNOWN_OWNER } from '../core/shift-start.js';
import {
  DEFAULT_METRICS,
  DEFAULT_MIN_INVOCATIONS,
  DEFAULT_TRAFFIC_DROP,
  parseMetricRules,
  parsePeriod,
  parseSignificance,
  parseTrafficDrop,
} from '../core/bake/config.js';
import { MAX_DATAPOINTS, pollDatapoints } from '../core/bake/metric-limits.js';
import { beforeMs } from '../core/bake/observations.js';
import { type EvidenceSettings } from '../core/bake/evidence-guard.js';
import { type HookSpec, parseHook } from '../core/hook.js';
import { InputError } from '../core/input-error.js';
import { cellLabel } from '../core/cell-target.js';
import {
  CELL_LINE,
  type DeployedFunction,
  parseCellFunctions,
  parseCellName,
} from '../core/cell-inputs.js';

export type { DeployedFunction } from '../core/cell-inputs.js';
import {
  parseAliasName,
  parseBoolean,
  parseChoice,
  formatDuration,
  parseDurationWithin,
  parseFunctionName,
  parseInteger,
  parseVersion,
} from '../core/inputs.js';
import { parseAllocationTimeout } from '../core/provisioned-concurrency.js';
import { type Plan, parseStrategy, planDurationMs, shortestHoldMs } from '../core/strategy.js';

export const INPUT_NAMES = [
  'function-name',
  'alias',
  'version',
  'functions',
  'cell-name',
  'strategy',
  'alarms',
  'alarm-prefixes',
  'poll-interval',
  'before-traffic',
  'after-traffic',
  'hook-timeout',
  'provisioned-concurrency-timeout',
  'on-failure',
  'compare-metrics',
  'metrics',
  'significance',
  'min-invocations',
  'traffic-drop',
  'period',
  'github-token',
  'environment',
  'take-over',
  'region',
] as const;

export type RawInputs = Record<(typeof INPUT_NAMES)[number], string>;

export interface ShiftInputs {
  /** The function, or with `functions` the cell's name. */
  functionName: string;
  alias: string;
  /** The new version, or with `functions` the cell's label of them. */
  version: string;
  /** Set by `functions`: several functions shifted as one deployment. */
  cell?: { name: string; functions: DeployedFunction[] };
  plan: Plan;
  alarms: AlarmSelection;
  pollIntervalMs: number;
  beforeTraffic?: HookSpec;
  afterTraffic?: HookSpec;
  hookTimeoutMs: number;
  /** How long each step waits for the alias' provisioned concurrency to be READY. */
  provisionedConcurrencyTimeoutMs: number;
  onFailure: 'rollback' | 'halt';
  /** Set when compare-metrics is true: judge each step from per-version metrics too. */
  evidence?: EvidenceSettings;
  githubToken: string;
  environment: string;
  /** The run id of a deployment whose run is gone, named on purpose to take it over. */
  takeOver?: string;
  region: string;
}

/** CloudWatch evaluates alarms every 10 s at best; polling faster only spends the quota. */
export const MIN_POLL_MS = 1_000;
export const MAX_POLL_MS = 5 * 60_000;
/** A Lambda hook cannot run longer than 15 minutes; commands get the same ceiling. */
export const MAX_HOOK_TIMEOUT_MS = 15 * 60_000;

export function parseShiftInputs(raw: RawInputs): ShiftInputs {
  const alias = parseAliasName('alias', raw.alias);
  const cell = raw.functions.trim() ? parseCell(raw, alias) : undefined;
  const functionName = cell ? cell.name : parseFunctionName('function-name', raw['function-name']);
  const pollIntervalMs = parseDurationWithin(
    'poll-interval',
    raw['poll-interval'],
    MIN_POLL_MS,
    MAX_POLL_MS,
  );
  const hookTimeoutMs = parseDurationWithin(
    'hook-timeout',
    raw['hook-timeout'],
    1000,
    MAX_HOOK_TIMEOUT_MS,
    'a Lambda hook cannot run longer than 15m',
  );
  const provisionedConcurrencyTimeoutMs = parseAllocationTimeout(
    raw['provisioned-concurrency-timeout'],
  );
  const environment = raw.environment.trim();
  const githubToken = raw['github-token'].trim();
  const takeOver = raw['take-over'].trim();
  // A run id (digits), or the word for a record that names no run: anything else is a typo
  // that would never match, and a take-over must be deliberate and exact.
  if (takeOver && !isOwnerLabel(takeOver))
    throw new InputError(
      'take-over',
      takeOver,
      `the run id named in the refusal, such as 7001234567 (or ${UNKNOWN_OWNER}, or ${LOCAL_RUN_ID})`,
    );
  const plan = parseStrategy(raw.strategy);
  // A hold shorter than a poll would be watched only at its two ends, not every poll-interval.
  const shortest = shortestHoldMs(plan);
  if (shortest !== undefined && pollIntervalMs > shortest)
    throw new InputError(
      'poll-interval',
      raw['poll-interval'],
      `an interval no longer than the strategy's shortest hold (${formatDuration(shortest)}), so every hold is watched`,
    );
  if (cell && parseBoolean('compare-metrics', raw['compare-metrics'] || 'false'))
    throw new InputError(
      'compare-metrics',
      raw['compare-metrics'],
      'false with functions: per-version evidence judges one function; watch a cell with alarms',
    );
  if (cell && (raw['before-traffic'].trim() || raw['after-traffic'].trim()))
    throw new InputError(
      raw['before-traffic'].trim() ? 'before-traffic' : 'after-traffic',
      raw['before-traffic'].trim() || raw['after-traffic'],
      'no hook with functions: a hook tests one function',
    );
  return {
    functionName,
    alias,
    version: cell
      ? cellLabel(cell.functions.map((f) => f.version))
      : parseVersion('version', raw.version),
    ...(cell ? { cell } : {}),
    plan,
    alarms: parseAlarmSelection(raw.alarms, raw['alarm-prefixes']),
    pollIntervalMs,
    beforeTraffic: parseHook('before-traffic', raw['before-traffic']),
    afterTraffic: parseHook('after-traffic', raw['after-traffic']),
    hookTimeoutMs,
    provisionedConcurrencyTimeoutMs,
    onFailure: parseChoice('on-failure', raw['on-failure'] || 'rollback', [
      'rollback',
      'halt',
    ] as const),
    ...(parseBoolean('compare-metrics', raw['compare-metrics'] || 'false')
      ? { evidence: parseEvidence(raw, plan) }
      : {}),
    githubToken,
    environment,
    ...(takeOver ? { takeOver } : {}),
    region: raw.region.trim(),
  };
}

/**
 * `functions`: a cell (see core/cell-inputs.ts); function-name and version must then be
 * empty: one deployment names its target once.
 */
function parseCell(raw: RawInputs, alias: string): { name: string; functions: DeployedFunction[] } {
  for (const other of ['function-name', 'version'] as const)
    if (raw[other].trim())
      throw new InputError(other, raw[other], `empty when functions is given (${CELL_LINE})`);
  const functions = parseCellFunctions(raw.functions, alias, true);
  return { name: parseCellName(raw['cell-name']), functions: functions as DeployedFunction[] };
}

/**
 * metrics, significance, min-invocations, traffic-drop and period: bake-and-watch's inputs,
 * same grammar and defaults,
 * read only when compare-metrics is true (an unused input is not held against the user).
 */
function parseEvidence(raw: RawInputs, plan: Plan): EvidenceSettings {
  const settings: EvidenceSettings = {
    rules: parseMetricRules('metrics', raw.metrics || DEFAULT_METRICS),
    significance: parseSignificance('significance', raw.significance || '1%'),
    periodS: parsePeriod('period', raw.period || '60s'),
    minInvocations: raw['min-invocations'].trim()
      ? parseInteger('min-invocations', raw['min-invocations'], 1)
      : DEFAULT_MIN_INVOCATIONS,
    trafficDrop: raw['traffic-drop'].trim()
      ? parseTrafficDrop('traffic-drop', raw['traffic-drop'])
      : DEFAULT_TRAFFIC_DROP,
  };
  // One look reads the usual traffic before the shift and the whole plan so far in one call.
  const watchMs = planDurationMs(plan);
  // A period the plan's holds do not fill is never judged before the shift ends.
  if (watchMs > 0 && settings.periodS * 1000 > watchMs)
    throw new InputError(
      'period',
      raw.period || '60s',
      `a period no longer than the strategy holds in all (${formatDuration(watchMs)}), so the evidence can be judged during the shift`,
    );
  const points = pollDatapoints(settings.periodS, beforeMs(settings.periodS, watchMs), watchMs);
  if (points > MAX_DATAPOINTS)
    throw new InputError(
      'period',
      raw.period,
      `a longer period for this plan: one look would read ${points} datapoints, over GetMetricData's ${MAX_DATAPOINTS}`,
    );
  return settings;
}
