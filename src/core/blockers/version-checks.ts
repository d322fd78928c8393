// The versions check: the version about to be deployed can take traffic now (State Active, its
// last update neither Failed nor InProgress), by the one rule shift-traffic refuses by
// (core/shift-start.ts), so the refusal comes before an approval gate rather than after it;
// and the version a rollback would return to, when Inactive, is advice: it would be cold
// exactly when it is needed.
import { type AliasState, isSplit } from '../alias-state.js';
import { decodeRecord } from '../deployment-record.js';
import { rollbackTargetCold, type VersionConfig, versionUnready } from '../shift-start.js';
import type { CheckResult } from './alarm-checks.js';
import { type Fetched, type Reason, rowState, type Warning } from './checks.js';
import type { BlockersConfig } from './config.js';

export interface VersionsSignal {
  next: VersionConfig;
  /** The version a rollback would return to; unset when the alias is already on `next`. */
  previous?: VersionConfig;
}

/**
 * The version a rollback of the coming deployment returns to: the alias' version now, or for
 * a split alias the previous version its record names. Undefined when that is `version`.
 */
export function rollbackTargetOf(alias: AliasState, version: string): string | undefined {
  const record = isSplit(alias) ? decodeRecord(alias.description) : undefined;
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
    const unready = versionUnready(next);
    if (unready)
      reasons.push({
        kind: 'version',
        name: `${functionName}:${version}`,
        detail: unready,
        state: 'block',
      });
    const cold = previous && rollbackTargetCold(previous, functionName);
    if (cold)
      warnings.push({ kind: 'version', name: `${functionName}:${previous.version}`, detail: cold });
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
  const state = (v: VersionConfig): string =>
    `${v.state ?? 'Active'}, last update ${v.lastUpdateStatus ?? 'Successful'}`;
  const { next, previous } = signal;
  return (
    `version ${next.version} can take traffic (${state(next)})` +
    (previous ? `; version ${previous.version}, the rollback target, is ${state(previous)}` : '')
  );
}
