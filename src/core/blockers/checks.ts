// The shape of a verdict: every check reports one state with a detail a person can act on,
// and every blocker found is a reason, named, so outputs and summaries say the same thing.
import type { BlockerKind } from './config.js';

/** skipped: the check is not configured. error: it could not be judged, which stops a start. */
export type CheckState = 'pass' | 'block' | 'warn' | 'error' | 'skipped';
/**
 * `version`: the new version cannot take traffic. Not a BlockerKind, so no override lifts it:
 * shift-traffic refuses such a version whatever check-blockers said.
 */
export type CheckKind = BlockerKind | 'override' | 'advice' | 'version';

export interface Check {
  kind: CheckKind;
  /** The row title in the summary. */
  title: string;
  state: CheckState;
  detail: string;
  /** True when an override lifted this check's blockers. */
  overridden?: boolean;
}

export interface Reason {
  kind: CheckKind;
  name: string;
  detail: string;
  state: 'block' | 'error';
}

/** Advice and warnings: said out loud, never blocking. */
export interface Warning {
  kind: CheckKind;
  name: string;
  detail: string;
}

/** A signal the action fetched: its value, or why it could not be read. */
export type Fetched<T> = { ok: true; value: T } | { ok: false; error: string };

export function stops(state: CheckState): boolean {
  return state === 'block' || state === 'error';
}

/** The most serious state among reasons and warnings, for a check's row. */
export function rowState(reasons: Reason[], warnings: Warning[]): CheckState {
  if (reasons.some((r) => r.state === 'error')) return 'error';
  if (reasons.length > 0) return 'block';
  return warnings.length > 0 ? 'warn' : 'pass';
}
