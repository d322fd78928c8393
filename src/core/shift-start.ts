// Decides, from the target as read and its deployment record, what a shift-traffic run may
// do before it changes anything: start, resume an interrupted run, do nothing, or refuse.
import { describeRouting, isSplit, weightOf } from './routing.js';
import type { TargetCommands, TargetState } from './traffic-target.js';
import {
  type DeploymentOwner,
  type DeploymentRecord,
  decodeRecord,
  describeOwner,
} from './deployment-record.js';

export type StartDecision =
  /** The alias is fully on the previous version: shift from 0. */
  | { kind: 'start'; previousVersion: string; weight: 0; record?: undefined }
  /**
   * A recorded deployment of this same version was interrupted: continue from its weight.
   * `stepStartedAt` is when that weight was set, when the record can vouch for it.
   */
  | {
      kind: 'resume';
      previousVersion: string;
      weight: number;
      record: DeploymentRecord;
      stepStartedAt?: number;
    }
  /** The alias is already fully on the version: nothing to do, and the run says so. */
  | { kind: 'no-op'; previousVersion: string; weight: 1; record?: DeploymentRecord }
  /** Anything else: the message says what is in the way and how to clear it. */
  | { kind: 'refuse'; message: string };

/** The run asking to start, and the owner it may deliberately take over (`take-over`). */
export interface StartingRun extends DeploymentOwner {
  takeOver?: string;
}

/** What `take-over` must say to take over a deployment whose record names no run. */
export const UNKNOWN_OWNER = 'unknown';
/** The run id a step records when it runs outside a workflow run (no GITHUB_RUN_ID). */
export const LOCAL_RUN_ID = 'local';

/** A value `take-over` can hold: a run id, or one of the two names above. */
export function isOwnerLabel(text: string): boolean {
  return /^\d{1,20}$/.test(text) || text === UNKNOWN_OWNER || text === LOCAL_RUN_ID;
}

/**
 * The alias is the source of truth. A split this suite did not record, a recorded
 * deployment of another version still in progress, or one another run is driving, is
 * never shifted over: two deployments racing on one alias is how users end up with stuck
 * weights.
 */
export function decideStart(
  alias: TargetState,
  version: string,
  run: StartingRun,
  commands: TargetCommands,
): StartDecision {
  const record = decodeRecord(alias.record);
  const where = alias.name;
  const active = record?.status === 'in-progress' ? record : undefined;
  if (active) {
    const conflict = ownerConflict(where, alias, active, run);
    if (conflict) return { kind: 'refuse', message: conflict };
  }
  const inFlight = record && (record.status === 'in-progress' || record.status === 'halted');
  const clearIt = record
    ? `Finish it by re-running with version ${record.version}, or restore version ${record.previousVersion} with the rollback action.`
    : '';
  const started = (r: DeploymentRecord) =>
    `started ${new Date(r.startedAt).toISOString()}${r.runUrl ? ` by ${r.runUrl}` : ''}`;

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
    if (active && active.version !== version) {
      return {
        kind: 'refuse',
        message:
          `${where} has a deployment of version ${active.version} recorded as in-progress (${started(active)}); ` +
          (primary === active.previousVersion
            ? 'it has moved no traffic yet, but it may still be running. '
            : `the alias is fully on version ${primary}. `) +
          clearIt,
      };
    }
    if (active && primary !== active.previousVersion) {
      return {
        kind: 'refuse',
        message:
          `${where} is fully on version ${primary}, but its record says a deployment of version ${active.previousVersion} -> ${active.version} is in progress (${started(active)}): ` +
          `someone put version ${primary} there in between, and this run will not guess which version is right. ` +
          `If version ${primary} is where the deployment should start, close the old record with ` +
          `${commands.clearRecord()} and re-run; to go back to version ${active.previousVersion}, use the rollback action.`,
      };
    }
    if (active) return { kind: 'resume', previousVersion: primary, weight: 0, record: active };
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
        `${where} is in the middle of a deployment of version ${record.version} (${split}, ${record.status}, ${started(record)}); ` +
        `refusing to deploy version ${version} over it. ${clearIt}`,
    };
  }
  if (alias.primaryVersion !== record.previousVersion) {
    return {
      kind: 'refuse',
      message: `${where} is split (${split}), but its record says the previous version is ${record.previousVersion}; someone changed it by hand. Put the alias fully on one version first.`,
    };
  }
  const weight = weightOf(alias, version);
  // The record's step time counts only when it was written with the weight the alias shows:
  // weights changed by hand since then leave the step's hold to start again.
  const vouched =
    record.stepStartedAt !== undefined &&
    record.stepWeight !== undefined &&
    Math.abs(record.stepWeight - weight) < 1e-9;
  return {
    kind: 'resume',
    previousVersion: record.previousVersion,
    weight,
    record,
    ...(vouched ? { stepStartedAt: record.stepStartedAt } : {}),
  };
}

/**
 * Why this run may not drive a deployment recorded as in progress, or undefined when it
 * may: it is a re-run (a later attempt) of the owning run, or a person named the owner in
 * `take-over` because that run is gone.
 */
function ownerConflict(
  where: string,
  alias: TargetState,
  record: DeploymentRecord,
  run: StartingRun,
): string | undefined {
  const owner = record.owner;
  const label = owner?.runId ?? UNKNOWN_OWNER;
  if (run.takeOver !== undefined && run.takeOver === label) return undefined;
  if (owner?.runId === run.runId && owner.attempt < run.attempt) return undefined;
  if (owner?.runId === run.runId && owner.attempt === run.attempt && owner.token === run.token)
    return undefined;
  const who =
    owner?.runId === run.runId
      ? `another job or step of this run (${describeOwner(record)})`
      : describeOwner(record);
  const mismatch =
    run.takeOver !== undefined
      ? ` take-over names '${run.takeOver}', but the deployment belongs to '${label}'.`
      : '';
  return (
    `${where} is being deployed (version ${record.previousVersion} -> ${record.version}, now ${describeRouting(alias)}) by ${who}, ` +
    `started ${new Date(record.startedAt).toISOString()}; that run may still be running, and two runs must never drive one alias. Nothing changed.${mismatch} ` +
    `Wait for it to finish. If that run is gone (cancelled without its post step, its runner lost), take the deployment over deliberately with take-over: ${label}, or restore version ${record.previousVersion} with the rollback action.`
  );
}

export type AfterDeath = { restore: true } | { restore: false; why: string };

/**
 * The post step's decision when the main step did not finish: restore only a deployment
 * the alias itself still records as this run's (its owner token) and in progress.
 * Anything else (never started, finished, or another run's since) is left alone.
 */
export function decideAfterDeath(
  saved: { previousVersion: string; version: string; token: string },
  alias: TargetState,
): AfterDeath {
  const record = decodeRecord(alias.record);
  const ours = record?.owner?.token === saved.token;
  if (ours && record.status === 'in-progress') return { restore: true };
  if (!isSplit(alias) && alias.primaryVersion === saved.previousVersion)
    return {
      restore: false,
      why: `the alias is fully on version ${saved.previousVersion} already`,
    };
  if (ours) return { restore: false, why: `the alias records this deployment as ${record.status}` };
  const owner = record ? ` (its record belongs to ${describeOwner(record)})` : '';
  return {
    restore: false,
    why: `the alias (${describeRouting(alias)}) no longer records this run's deployment of version ${saved.version}${owner}; someone else changed it`,
  };
}
