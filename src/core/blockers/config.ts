// Every input of check-blockers, parsed and checked in one place before any AWS call: a
// malformed window, an unknown zone, a clash between names and prefixes or an override
// without a reason stops the step here, naming the input and the form it expects.
import { type CellFunction, parseCellFunctions, parseCellName } from '../cell-inputs.js';
import { type AlarmSelection, parseAlarmSelection } from '../alarms.js';
import { InputError } from '../input-error.js';
import {
  parseAliasName,
  parseBoolean,
  parseChoice,
  parseFunctionName,
  parseList,
  parseName,
  parseVersion,
  parseWait,
} from '../inputs.js';
import type { Calendar } from './calendar.js';
import { parseFreezes } from './freezes.js';
import { type HolidaysLibrary, parseHolidays } from './holidays.js';
import { parseZone } from './time-zone.js';
import { parseWindows } from './windows.js';

/** Kinds of blocker, as they appear in `reasons` and as `override` names them. */
export const BLOCKER_KINDS = [
  'alarm',
  'window',
  'freeze',
  'holiday',
  'in-flight',
  'issue',
] as const;
export type BlockerKind = (typeof BLOCKER_KINDS)[number];
/** What `override: all` lifts: in-flight only when named, since lifting it races a live deployment. */
export const OVERRIDE_ALL: readonly BlockerKind[] = BLOCKER_KINDS.filter((k) => k !== 'in-flight');

export interface OverrideRequest {
  kinds: BlockerKind[];
  reason: string;
  /** GitHub logins allowed to override, lower-cased (logins are case-insensitive). */
  actors: string[];
}

export interface BlockersConfig {
  alarms: AlarmSelection;
  insufficientData: 'warn' | 'block';
  calendar: Calendar;
  /** Zone for windows and freezes that name none; UTC when the input is empty. */
  timezone: string;
  /** `version`: the version about to be deployed, whose state is checked too. */
  target?: { functionName: string; alias: string; version?: string };
  /** `functions`: a cell, any of whose aliases split means a deployment is in flight. */
  cell?: { name: string; functions: CellFunction[] };
  blockingLabels: string[];
  override?: OverrideRequest;
  bakeTimeMs?: number;
  advice: boolean;
  failOnBlock: boolean;
}

/** Reads one input's raw text; the action passes the runner's inputs, tests a plain record. */
export type InputReader = (name: string) => string;

export function parseBlockersConfig(
  read: InputReader,
  holidaysLibrary?: HolidaysLibrary,
): BlockersConfig {
  const timezone = read('timezone').trim() === '' ? 'UTC' : parseZone('timezone', read('timezone'));
  const calendar: Calendar = {
    windows: parseWindows('windows', read('windows'), timezone),
    freezes: parseFreezes('freezes', read('freezes'), timezone),
    holidays: parseHolidays('holidays', read('holidays'), holidaysLibrary),
  };
  const bakeTime = read('bake-time').trim();
  return {
    alarms: parseAlarmSelection(read('alarms'), read('alarm-prefixes')),
    insufficientData: parseChoice(
      'insufficient-data',
      orDefault(read, 'insufficient-data', 'warn'),
      ['warn', 'block'] as const,
    ),
    calendar,
    timezone,
    ...target(read),
    blockingLabels: parseList(read('blocking-labels')),
    ...overrideRequest(read),
    ...(bakeTime ? { bakeTimeMs: parseWait('bake-time', bakeTime) } : {}),
    advice: parseBoolean('advice', orDefault(read, 'advice', 'true')),
    failOnBlock: parseBoolean('fail-on-block', orDefault(read, 'fail-on-block', 'true')),
  };
}

function orDefault(read: InputReader, name: string, fallback: string): string {
  return read(name).trim() === '' ? fallback : read(name);
}

/** How the config names what it checks, in messages: `orders:live` or `cell checkout`. */
export function targetName(config: BlockersConfig): string | undefined {
  if (config.cell) return `cell ${config.cell.name}`;
  return config.target ? `${config.target.functionName}:${config.target.alias}` : undefined;
}

function target(read: InputReader): Pick<BlockersConfig, 'target' | 'cell'> {
  const fn = read('function-name').trim();
  const alias = read('alias').trim();
  const version = read('version').trim();
  const functions = (read('functions') ?? '').trim();
  if (functions) {
    for (const [name, value] of [
      ['function-name', fn],
      ['version', version],
    ] as const)
      if (value) throw new InputError(name, value, 'empty when functions is given');
    const defaultAlias = parseAliasName('alias', alias);
    return {
      cell: {
        name: parseCellName(read('cell-name') ?? ''),
        functions: parseCellFunctions(functions, defaultAlias, false),
      },
    };
  }
  if (fn === '' && alias === '') {
    // A version to check with no function to find it in would silently never be checked.
    if (version !== '')
      parseName('function-name', fn, 'the function whose version is checked when version is given');
    return {};
  }
  // One without the other is a half-configured check that would silently never run.
  if (alias === '')
    parseName('alias', alias, 'the alias to check when function-name is given, such as live');
  if (fn === '')
    parseName('function-name', fn, 'the function whose alias is checked when alias is given');
  return {
    target: {
      functionName: parseFunctionName('function-name', fn),
      alias: parseAliasName('alias', alias),
      ...(version !== '' ? { version: parseVersion('version', version) } : {}),
    },
  };
}

function overrideRequest(read: InputReader): Pick<BlockersConfig, 'override'> {
  const names = parseList(read('override').toLowerCase());
  const reason = read('override-reason').trim();
  const actors = parseList(read('override-actors')).map((a) => a.replace(/^@/, '').toLowerCase());
  if (names.length === 0) {
    if (reason !== '') {
      throw new InputError(
        'override',
        '',
        `the blockers to lift (${BLOCKER_KINDS.join(', ')} or all) when override-reason is given`,
      );
    }
    return {};
  }
  const kinds = new Set<BlockerKind>();
  for (const name of names) {
    if (name === 'all') OVERRIDE_ALL.forEach((k) => kinds.add(k));
    else if ((BLOCKER_KINDS as readonly string[]).includes(name)) kinds.add(name as BlockerKind);
    else {
      throw new InputError(
        'override',
        name,
        `blocker kinds to lift: ${BLOCKER_KINDS.join(', ')}, or all (every kind but in-flight)`,
      );
    }
  }
  if (reason === '') {
    throw new InputError(
      'override-reason',
      '',
      'why the blockers are overridden, for the audit trail',
    );
  }
  if (actors.length === 0) {
    throw new InputError(
      'override-actors',
      '',
      'the GitHub logins allowed to override, one per line, when override is given',
    );
  }
  return { override: { kinds: BLOCKER_KINDS.filter((k) => kinds.has(k)), reason, actors } };
}
