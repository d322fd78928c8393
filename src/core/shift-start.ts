// Decides, from the alias as read and its deployment record, what a shift-traffic run may
// do before it changes anything: start, resume a crashed run, do nothing, or refuse.
import { type AliasState, describeRouting, isSplit, weightOf } from './alias-state.js';
import { type DeploymentRecord, decodeRecord } from './deployment-record.js';

export type StartDecision =
  /** The alias is fully on the previous version: shift from 0. */
  | { kind: 'start'; previousVersion: string; weight: 0; record?: undefined }
  /** A recorded deployment of this same version was interrupted: continue from its weight. */
  | { kind: 'resume'; previousVersion: string; weight: number; record: DeploymentRecord }
  /** The alias is already fully on the version: nothing to do, and the run says so. */
  | { kind: 'no-op'; previousVersion: string; weight: 1; record?: DeploymentRecord }
  /** Anything else: the message says what is in the way and how to clear it. */
  | { kind: 'refuse'; message: string };

/**
 * The alias is the source of truth. A split this suite did not record, or a recorded
 * deployment of another version still in progress, is never shifted over: two deployments
 * racing on one alias is how users end up with stuck weights.
 */
export function decideStart(alias: AliasState, version: string): StartDecision {
  const record = decodeRecord(alias.description);
  const where = `${alias.functionName}:${alias.alias}`;
  const inFlight = record && (record.status === 'in-progress' || record.status === 'halted');
  const clearIt = record
    ? `Finish it by re-running with version ${record.version}, or restore version ${record.previousVersion} with the rollback action.`
    : '';

  if (!isSplit(alias)) {
    const primary = alias.primaryVersion;
    if (primary === version) {
      const ours = record?.version === version ? record : undefined;
      // A run that died after its last shift but before saying so resumes to confirm it
      // (the after-traffic hook may not have run); otherwise there is nothing to do.
      if (ours && inFlight)
        return { kind: 'resume', previousVersion: ours.previousVersion, weight: 1, record: ours };
      return {
        kind: 'no-op',
        previousVersion: ours?.previousVersion ?? primary,
        weight: 1,
        record: ours,
      };
    }
    // A halted deployment that someone has since put back by hand is over; only one still
    // recorded as in progress may be running right now in another job.
    if (
      record?.status === 'in-progress' &&
      record.version !== version &&
      record.previousVersion === primary
    ) {
      return {
        kind: 'refuse',
        message:
          `${where} has a deployment of version ${record.version} recorded as ${record.status} ` +
          `(started ${new Date(record.startedAt).toISOString()}${record.runUrl ? ` by ${record.runUrl}` : ''}); ` +
          `it has moved no traffic yet, but it may still be running. ${clearIt}`,
      };
    }
    if (inFlight && record.version === version && record.previousVersion === primary)
      return { kind: 'resume', previousVersion: primary, weight: 0, record };
    return { kind: 'start', previousVersion: primary, weight: 0 };
  }

  const extra = alias.additional!;
  const split = describeRouting(alias);
  if (!record || !inFlight) {
    return {
      kind: 'refuse',
      message:
        `${where} is split (${split}) but carries no in-progress deployment record of this suite: ` +
        `someone or something else set these weights. Put the alias fully on one version first.`,
    };
  }
  if (record.version !== version || extra.version !== version) {
    return {
      kind: 'refuse',
      message:
        `${where} is in the middle of a deployment of version ${record.version} (${split}, ${record.status}, started ` +
        `${new Date(record.startedAt).toISOString()}${record.runUrl ? ` by ${record.runUrl}` : ''}); ` +
        `refusing to deploy version ${version} over it. ${clearIt}`,
    };
  }
  if (alias.primaryVersion !== record.previousVersion) {
    return {
      kind: 'refuse',
      message: `${where} is split (${split}), but its record says the previous version is ${record.previousVersion}; someone changed it by hand. Put the alias fully on one version first.`,
    };
  }
  return {
    kind: 'resume',
    previousVersion: record.previousVersion,
    weight: weightOf(alias, version),
    record,
  };
}

export interface VersionConfig {
  version: string;
  role?: string;
  deadLetterTarget?: string;
  state?: string;
}

/**
 * Lambda rejects a weighted split between versions with different execution roles or
 * dead-letter configs, and it would do so at the first shift; checking first keeps that
 * failure before any change. Returns the problem, or undefined when the pair can be split.
 */
export function incompatibility(previous: VersionConfig, next: VersionConfig): string | undefined {
  if (next.state && next.state !== 'Active')
    return `version ${next.version} is ${next.state}, not Active; wait for it to become Active`;
  if ((previous.role ?? '') !== (next.role ?? ''))
    return `versions ${previous.version} and ${next.version} have different execution roles (${previous.role} and ${next.role}); Lambda refuses weighted routing between them`;
  if ((previous.deadLetterTarget ?? '') !== (next.deadLetterTarget ?? ''))
    return `versions ${previous.version} and ${next.version} have different dead-letter configs (${previous.deadLetterTarget ?? 'none'} and ${next.deadLetterTarget ?? 'none'}); Lambda refuses weighted routing between them`;
  return undefined;
}

export type AfterDeath = { restore: true } | { restore: false; why: string };

/**
 * The post step's decision when the main step did not finish: restore only a deployment
 * the alias itself still records as this run's and in progress. Anything else (never
 * started, finished, or someone else's since) is left alone.
 */
export function decideAfterDeath(
  saved: { previousVersion: string; version: string },
  alias: AliasState,
): AfterDeath {
  const record = decodeRecord(alias.description);
  const ours =
    record?.version === saved.version && record.previousVersion === saved.previousVersion;
  if (ours && record.status === 'in-progress') return { restore: true };
  if (!isSplit(alias) && alias.primaryVersion === saved.previousVersion)
    return {
      restore: false,
      why: `the alias is fully on version ${saved.previousVersion} already`,
    };
  if (ours) return { restore: false, why: `the alias records this deployment as ${record.status}` };
  return {
    restore: false,
    why: `the alias (${describeRouting(alias)}) no longer records this deployment of version ${saved.version}; someone else changed it`,
  };
}
