// The first StepGuard of a shift: the selected CloudWatch alarms, read with one
// DescribeAlarms per poll (per 100 names or per prefix page), judged by the shared rules.
import { InputError } from './input-error.js';
import {
  type AlarmJudgement,
  type AlarmSelection,
  type AlarmSnapshot,
  describeFiring,
  judgeAlarms,
} from './alarms.js';
import type { Clock } from './clock.js';
import { withRetry } from './retry.js';
import type { StepGuard } from './shift.js';

export interface AlarmGuardOptions {
  selection: AlarmSelection;
  /** DescribeAlarms through the adapter. */
  read: (selection: AlarmSelection, signal?: AbortSignal) => Promise<AlarmSnapshot[]>;
  clock: Clock;
  /** Told once per alarm that has no data: it watches nothing, which is not a pass. */
  onNoData?: (alarm: AlarmSnapshot) => void;
  random?: () => number;
}

export interface AlarmGuard extends StepGuard {
  /** The last judgement, for the summary. */
  last?: AlarmJudgement;
  /** Alarms seen in INSUFFICIENT_DATA at any check of this run. */
  readonly noData: Set<string>;
}

/**
 * Fails on any alarm in ALARM, and on alarms that vanished mid-shift (deleted alarms
 * watch nothing). INSUFFICIENT_DATA does not stop the shift, since an alarm on the
 * new version's own metrics has no data until traffic reaches it, but it is reported.
 */
export function alarmGuard(options: AlarmGuardOptions): AlarmGuard {
  const guard: AlarmGuard = {
    name: 'alarms',
    noData: new Set<string>(),
    async check(signal?: AbortSignal) {
      // Short retries: the next poll is a retry too, and a restore must not wait on this.
      const snapshots = await withRetry((s) => options.read(options.selection, s), {
        clock: options.clock,
        policy: { attempts: 3, baseMs: 200, capMs: 1000 },
        random: options.random,
        signal,
      });
      const judgement = judgeAlarms(options.selection, snapshots);
      guard.last = judgement;
      for (const alarm of judgement.insufficientData) {
        if (!guard.noData.has(alarm.name)) options.onNoData?.(alarm);
        guard.noData.add(alarm.name);
      }
      if (judgement.firing.length > 0)
        return { fail: `alarm in ALARM: ${describeFiring(judgement.firing)}` };
      if (judgement.missingNames.length > 0)
        return { fail: `alarm no longer exists: ${judgement.missingNames.join(', ')}` };
      if (judgement.emptyPrefixes.length > 0)
        return { fail: `no alarm matches prefix any more: ${judgement.emptyPrefixes.join(', ')}` };
      return 'ok';
    },
  };
  return guard;
}

/**
 * Before anything changes: a named alarm that does not exist or a prefix that matches
 * nothing is a typo, and a typo must never pass silently as "no alarm fired".
 */
/**
 * A typo in an alarm name must not let a deployment run unwatched: names that match no
 * alarm, and prefixes that match none, are bad input, refused before anything changes.
 */
export function selectionError(judgement: AlarmJudgement): InputError | undefined {
  const { missingNames, emptyPrefixes } = judgement;
  if (missingNames.length === 0 && emptyPrefixes.length === 0) return undefined;
  const problems = [
    ...(missingNames.length > 0
      ? [`no alarm named ${missingNames.map((n) => `'${n}'`).join(', ')} exists`]
      : []),
    ...(emptyPrefixes.length > 0
      ? [`no alarm name starts with ${emptyPrefixes.map((p) => `'${p}'`).join(', ')}`]
      : []),
  ];
  return new InputError(
    missingNames.length > 0 ? 'alarms' : 'alarm-prefixes',
    [...missingNames, ...emptyPrefixes].join(', '),
    `existing alarms, names case-sensitive (${problems.join('; ')})`,
  );
}
