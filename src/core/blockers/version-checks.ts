// The versions check: the version about to be deployed can take traffic now (for a Lambda
// version: State Active, its last update neither Failed nor InProgress), judged by the same
// rule shift-traffic's preflight refuses by (adapters/lambda/versions.ts, where Lambda's
// states are known), so the refusal comes before an approval gate rather than after it; and
// the version a rollback would return to, when cold (Inactive), is advice: it would fail
// exactly when it is needed.
import { decodeRecord } from '../deployment-record.js';
import { isSplit } from '../routing.js';
import type { TargetState } from '../traffic-target.js';
import type { CheckResult } from './alarm-checks.js';
import { type Fetched, type Reason, rowState, type Warning } from './checks.js';
import type { BlockersConfig } from './config.js';

/** The two versions as the target's adapter judged them. */
export interface VersionsSignal {
  /** `problem`: why it cannot take traffic; `state`: what it is, for the row. */
  next: { version: string; state: string; problem?: string };
  /** The version a rollback would return to; unset when the target is already on `next`. */
  previous?: { version: string; state: string; cold?: string };
}

/**
 * The version a rollback of the coming deployment returns to: the alias' version now, or for
 * a split alias the previous version its record names. Undefined when that is `version`.
 */
export function rollbackTargetOf(alias: TargetState, version: string): string | undefined {
  const record = isSplit(alias) ? decodeRecord(alias.record) : undefined;
  const target = record?.previousVersion ?? alias.primaryVersion;
  return target === version ? undefined : target;
}

export function versionCheck(
  config: BlockersConfig,
  fetched: Fetched<VersionsSignal> | undefined,
): CheckResult {
  const title = 'Versions';
  const target = config.target;
  if (!target?.version || !fetched)
    return {
      check: { kind: 'version', title, state: 'skipped', detail: 'no version given' },
      reasons: [],
      warnings: [],
    };
  const { functionName, version } = target;
  const reasons: Reason[] = [];
  const warnings: Warning[] = [];
  if (!fetched.ok) {
    reasons.push({
      kind: 'version',
      name: `${functionName}:${version}`,
      detail: `could not read the versions: ${fetched.error}`,
      state: 'error',
    });
  } else {
    const { next, previous } = fetched.value;
    if (next.problem)
      reasons.push({
        kind: 'version',
        name: `${functionName}:${version}`,
        detail: next.problem,
        state: 'block',
      });
    if (previous?.cold)
      warnings.push({
        kind: 'version',
        name: `${functionName}:${previous.version}`,
        detail: previous.cold,
      });
  }
  const found = [...reasons, ...warnings];
  const detail = found.length
    ? found.map((f) => f.detail).join('; ')
    : describeVersions(fetched.ok ? fetched.value : undefined);
  return {
    check: { kind: 'version', title, state: rowState(reasons, warnings), detail },
    reasons,
    warnings,
  };
}

function describeVersions(signal: VersionsSignal | undefined): string {
  if (!signal) return '';
  const { next, previous } = signal;
  return (
    `version ${next.version} can take traffic (${next.state})` +
    (previous ? `; version ${previous.version}, the rollback target, is ${previous.state}` : '')
  );
}
