// evaluateBlockers: "may we start now?" from signals already fetched. Pure: the same
// signals, config and instant always give the same verdict, which is what the tests pin.
import type { AlarmSnapshot } from '../alarms.js';
import { describeRouting, isSplit } from '../routing.js';
import type { TargetCommands, TargetState } from '../traffic-target.js';
import { decodeRecord } from '../deployment-record.js';
import { adviceCheck, alarmCheck, type CheckResult, skipped } from './alarm-checks.js';
import { calendarAllows, calendarAt, nextStart } from './calendar.js';
import { type Check, type Fetched, type Reason, type Warning, rowState, stops } from './checks.js';
import { type BlockersConfig, targetName } from './config.js';
import { nextFreeze } from './freezes.js';
import { type Actors, applyOverride, type OverrideOutcome } from './override.js';
import { versionCheck, type VersionsSignal } from './version-checks.js';
import { formatInstant, windowCloses } from './windows.js';

export interface IssueSignal {
  number: number;
  title: string;
  url: string;
  label: string;
}

export interface BlockerSignals {
  /** Undefined when no alarms are configured. */
  alarms?: Fetched<AlarmSnapshot[]>;
  /** Undefined when no function-name and alias are given. */
  alias?: Fetched<TargetState>;
  /** How a person puts the target fully on one version by hand; given with `alias`. */
  commands?: TargetCommands;
  /** Undefined when there is no github-token or no blocking-labels. */
  issues?: Fetched<IssueSignal[]>;
  /** Undefined when no version is given. */
  versions?: Fetched<VersionsSignal>;
  actors: Actors;
}

export interface BlockersVerdict {
  blocked: boolean;
  checks: Check[];
  /** Blockers in force after any override. */
  reasons: Reason[];
  warnings: Warning[];
  /** True when an override lifted at least one blocker. */
  overridden: boolean;
  override?: OverrideOutcome;
  /** When the calendar next allows a start, if it is what blocks now. */
  nextStart?: number;
}

export function evaluateBlockers(
  signals: BlockerSignals,
  config: BlockersConfig,
  now: number,
): BlockersVerdict {
  const calendar = calendarChecks(config, now);
  const results = [
    alarmCheck(config, signals.alarms),
    ...calendar.results,
    inFlightCheck(config, signals.alias, signals.commands, now),
    versionCheck(config, signals.versions),
    issueCheck(config, signals.issues),
    adviceCheck(config, signals.alarms),
  ];
  const found = results.flatMap((r) => r.reasons);
  const warnings = results.flatMap((r) => r.warnings);
  const checks = results.map((r) => r.check);
  if (!config.override) {
    return {
      blocked: found.length > 0,
      checks,
      reasons: found,
      warnings,
      overridden: false,
      ...calendar.next,
    };
  }
  const outcome = applyOverride(config.override, signals.actors, found);
  const liftedKinds = new Set(outcome.lifted.map((r) => r.kind));
  for (const check of checks)
    if (liftedKinds.has(check.kind) && stops(check.state)) check.overridden = true;
  const reasons = [...outcome.remaining];
  let row: Check;
  if (!outcome.allowed) {
    const refusal: Reason = {
      kind: 'override',
      name: outcome.actor || 'unknown actor',
      detail: `override refused: ${outcome.refusal}; nothing was lifted`,
      state: 'block',
    };
    reasons.push(refusal);
    row = { kind: 'override', title: 'Override', state: 'block', detail: refusal.detail };
  } else {
    const what = outcome.lifted.length
      ? `lifted ${outcome.lifted.length} blocker(s): ${outcome.lifted.map((r) => `${r.kind} ${r.name}`).join(', ')}`
      : 'nothing it names was blocking';
    row = {
      kind: 'override',
      title: 'Override',
      state: 'warn',
      detail: `override by ${outcome.actor} (${outcome.kinds.join(', ')}): "${outcome.reason}"; ${what}`,
    };
  }
  checks.push(row);
  return {
    blocked: reasons.length > 0,
    checks,
    reasons,
    warnings,
    overridden: outcome.allowed && outcome.lifted.length > 0,
    override: outcome,
    ...calendar.next,
  };
}

function calendarChecks(
  config: BlockersConfig,
  now: number,
): { results: CheckResult[]; next: { nextStart?: number } } {
  const { windows, freezes, holidays } = config.calendar;
  const state = calendarAt(config.calendar, now);
  const next = calendarAllows(state) ? undefined : nextStart(config.calendar, now);
  const zone = windows[0]?.zone ?? config.timezone;
  const nextText =
    next === undefined
      ? 'no start is possible within a year'
      : `next start possible ${formatInstant(next, zone)}`;
  const results: CheckResult[] = [];

  if (windows.length === 0) results.push(skipped('window', 'Deploy windows', 'no windows given'));
  else if (state.window) {
    const closes = formatInstant(windowCloses(state.window, now), state.window.zone);
    results.push(pass('window', 'Deploy windows', `inside "${state.window.text}" until ${closes}`));
  } else {
    const reason: Reason = {
      kind: 'window',
      name: 'deploy windows',
      detail: `outside every deploy window (${windows.map((w) => w.text).join('; ')}); ${nextText}`,
      state: 'block',
    };
    results.push(blocking('window', 'Deploy windows', [reason]));
  }

  if (freezes.length === 0) results.push(skipped('freeze', 'Freezes', 'no freezes given'));
  else if (state.freezes.length === 0) {
    const coming = nextFreeze(freezes, now);
    results.push(
      pass(
        'freeze',
        'Freezes',
        coming
          ? `none in force; next: "${coming.reason}" from ${formatInstant(coming.start, coming.zone)}`
          : 'none in force',
      ),
    );
  } else {
    const reasons = state.freezes.map((f): Reason => ({
      kind: 'freeze',
      name: f.reason,
      detail: `freeze until ${formatInstant(f.end, f.zone)} (${f.text}); ${nextText}`,
      state: 'block',
    }));
    results.push(blocking('freeze', 'Freezes', reasons));
  }

  if (holidays.length === 0)
    results.push(skipped('holiday', 'Public holidays', 'no holidays given'));
  else if (state.holidays.length === 0) {
    results.push(
      pass(
        'holiday',
        'Public holidays',
        `no public holiday today in ${holidays.map((h) => h.code).join(', ')}`,
      ),
    );
  } else {
    const reasons = state.holidays.map((h): Reason => ({
      kind: 'holiday',
      name: `${h.calendar}: ${h.name}`,
      detail: `public holiday ${h.name} on ${h.date} in ${h.calendar}; ${nextText}`,
      state: 'block',
    }));
    results.push(blocking('holiday', 'Public holidays', reasons));
  }
  return { results, next: next === undefined ? {} : { nextStart: next } };
}

function inFlightCheck(
  config: BlockersConfig,
  fetched: Fetched<TargetState> | undefined,
  commands: TargetCommands | undefined,
  now: number,
): CheckResult {
  const title = 'In flight';
  const name = targetName(config);
  if (!name || !fetched) return skipped('in-flight', title, 'no function-name and alias given');
  if (!fetched.ok) {
    return blocking('in-flight', title, [
      {
        kind: 'in-flight',
        name,
        detail: `could not read the alias: ${fetched.error}`,
        state: 'error',
      },
    ]);
  }
  const alias = fetched.value;
  const record = decodeRecord(alias.record);
  const since = (t: number): string =>
    `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC (${ago(now - t)} ago)`;
  const deployment = record
    ? `deployment of version ${record.version} (previous version ${record.previousVersion}${record.strategy ? `, ${record.strategy}` : ''}), ${record.status} since ${since(record.startedAt)}${record.runUrl ? `, run ${record.runUrl}` : ''}`
    : undefined;
  if (isSplit(alias)) {
    const restoreTo = record?.previousVersion ?? alias.primaryVersion;
    const detail =
      `alias ${name} is split: ${describeRouting(alias)}. Another deployment is running or was left behind` +
      `${deployment ? ` (${deployment})` : ' (no deployment record in the alias description)'}. ` +
      `Let it finish, roll it back with the rollback action` +
      (commands ? `, or restore by hand: ${commands.fix(restoreTo)}` : '.');
    return blocking('in-flight', title, [{ kind: 'in-flight', name, detail, state: 'block' }]);
  }
  if (record?.status === 'in-progress') {
    const warning: Warning = {
      kind: 'in-flight',
      name,
      detail: `alias ${name} is at ${describeRouting(alias)} but its description records a ${deployment}; if that run is still going, wait for it`,
    };
    return {
      check: { kind: 'in-flight', title, state: 'warn', detail: warning.detail },
      reasons: [],
      warnings: [warning],
    };
  }
  return pass(
    'in-flight',
    title,
    `alias ${name} is at ${describeRouting(alias)}${deployment ? `; last: ${deployment}` : ''}`,
  );
}

function issueCheck(
  config: BlockersConfig,
  fetched: Fetched<IssueSignal[]> | undefined,
): CheckResult {
  const title = 'Blocking issues';
  if (config.blockingLabels.length === 0)
    return skipped('issue', title, 'no blocking-labels given');
  if (!fetched) return skipped('issue', title, 'no github-token given');
  const labels = config.blockingLabels.join(', ');
  if (!fetched.ok) {
    return blocking('issue', title, [
      {
        kind: 'issue',
        name: labels,
        detail: `could not list open issues labelled ${labels}: ${fetched.error}`,
        state: 'error',
      },
    ]);
  }
  if (fetched.value.length === 0) return pass('issue', title, `no open issue labelled ${labels}`);
  const reasons = fetched.value.map((i): Reason => ({
    kind: 'issue',
    name: `#${i.number}`,
    detail: `open ${i.label} issue: ${i.title} (${i.url})`,
    state: 'block',
  }));
  return blocking('issue', title, reasons);
}

function pass(kind: Check['kind'], title: string, detail: string): CheckResult {
  return { check: { kind, title, state: 'pass', detail }, reasons: [], warnings: [] };
}

function blocking(kind: Check['kind'], title: string, reasons: Reason[]): CheckResult {
  const detail = reasons
    .map((r) => (reasons.length > 1 ? `${r.name}: ${r.detail}` : r.detail))
    .join('; ');
  return { check: { kind, title, state: rowState(reasons, []), detail }, reasons, warnings: [] };
}

function ago(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.round(hours / 24)}d`;
}
