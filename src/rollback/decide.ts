// What a rollback restores, decided from the alias as read (no I/O here): first whether it
// may touch the alias at all (`undo`), then the previous version, from the deployment
// record shift-traffic left in the alias description or from the `previous-version` input
// when a person names it. The restore itself is core's
// restorePrevious, shared with shift-traffic and bake-and-watch.
import { describeRouting, isSplit, versionsIn } from '../core/routing.js';
import type { RestoreRequest } from '../core/routing-update.js';
import type { TargetCommands, TargetState } from '../core/traffic-target.js';
import {
  type DeploymentOwner,
  type DeploymentRecord,
  decodeRecord,
  describeOwner,
  encodeRecord,
} from '../core/deployment-record.js';

/** The strategy written into a record the rollback makes itself (explicit version). */
export const ROLLBACK_STRATEGY = 'rollback';

export type PreviousVersionSource = 'deployment record' | 'previous-version input';

export interface RollbackPlan {
  request: RestoreRequest;
  source: PreviousVersionSource;
  /** The record found on the alias, if any. */
  record?: DeploymentRecord;
  /** The record written with the restore; undefined leaves the description alone. */
  newRecord?: DeploymentRecord;
}

/** The rollback cannot decide safely; nothing was changed. */
export class RollbackRefusedError extends Error {
  constructor(
    message: string,
    readonly state: TargetState,
  ) {
    super(`${message} Nothing was changed; the alias is at ${describeRouting(state)}.`);
    this.name = 'RollbackRefusedError';
  }
}

export interface PlanContext {
  now: number;
  /** How a person sets the target by hand, for the refusal that cannot do it safely. */
  commands: TargetCommands;
  runUrl?: string;
  /** This run, named in a record the rollback writes itself, so undo: this-run finds it. */
  owner?: DeploymentOwner;
}

/**
 * Plans the restore of `state`. With `previousVersion` (the input) given, that version is
 * restored; otherwise the deployment record's previous version is. The versions the alias
 * may route to besides the previous version are only the record's new version (record) or
 * the one it routed to when read (explicit version): anything else is someone else's
 * change, which restorePrevious refuses.
 */
export function planRollback(
  state: TargetState,
  previousVersion: string | undefined,
  context: PlanContext,
): RollbackPlan {
  const record = decodeRecord(state.record);
  const target = state.name;
  if (previousVersion === undefined) {
    if (!record) {
      const hint = isSplit(state)
        ? ` To put it back on version ${state.primaryVersion}, run the rollback with undo: latest and previous-version: ${state.primaryVersion}.`
        : '';
      throw new RollbackRefusedError(
        `Alias ${target} carries no safe-deploy deployment record, so its previous version is unknown; give the previous-version input.${hint}`,
        state,
      );
    }
    const newRecord: DeploymentRecord = { ...record, status: 'rolled-back' };
    return {
      source: 'deployment record',
      record,
      newRecord,
      request: {
        previousVersion: record.previousVersion,
        version: record.version,
        record: encodeRecord(newRecord),
      },
    };
  }

  const routed = versionsIn(state);
  if (isSplit(state) && !routed.includes(previousVersion)) {
    throw new RollbackRefusedError(
      `Alias ${target} is split between versions ${routed.join(' and ')}; version ${previousVersion} is neither, and one restore ` +
        `can only take traffic away from one version. Run the rollback without previous-version to restore the ` +
        `previous version first, or set it by hand: ${context.commands.fix(previousVersion)}`,
      state,
    );
  }
  const from = routed.find((v) => v !== previousVersion);
  const newRecord = explicitRecord(record, previousVersion, from, context);
  return {
    source: 'previous-version input',
    ...(record ? { record } : {}),
    ...(newRecord ? { newRecord } : {}),
    request: {
      previousVersion,
      version: from ?? previousVersion,
      ...(newRecord ? { record: encodeRecord(newRecord) } : {}),
    },
  };
}

/**
 * The record after restoring an explicit version: the existing record marked rolled back
 * when it describes this very rollback, a new one naming the version traffic left
 * otherwise, so the next rollback and check-blockers read the truth. An alias already on
 * the version with no record for it keeps its description.
 */
function explicitRecord(
  record: DeploymentRecord | undefined,
  version: string,
  from: string | undefined,
  context: PlanContext,
): DeploymentRecord | undefined {
  if (record && record.previousVersion === version && (!from || from === record.version))
    return { ...record, status: 'rolled-back' };
  if (!from) return undefined;
  return {
    previousVersion: version,
    version: from,
    strategy: ROLLBACK_STRATEGY,
    startedAt: context.now,
    status: 'rolled-back',
    ...(context.runUrl ? { runUrl: context.runUrl } : {}),
    ...(context.owner ? { owner: context.owner } : {}),
  };
}

/** Which deployment a rollback may undo: only this workflow run's, or the latest one. */
export const UNDO_CHOICES = ['this-run', 'latest'] as const;
export type Undo = (typeof UNDO_CHOICES)[number];

export type RollbackIntent = { act: true } | { act: false; reason: string };

/**
 * Whether this rollback may change the alias at all. A rollback placed after a failed step
 * (`this-run`) undoes only a deployment this workflow run made: when an earlier step failed
 * before shift-traffic wrote its record, the alias still carries the last good release's
 * record, and restoring its previous version would undo a release this run never touched.
 * `latest` is the deliberate choice of a person (a manual dispatch): the latest record, or
 * the version they name, whoever deployed it.
 */
export function rollbackIntent(state: TargetState, undo: Undo, runId: string): RollbackIntent {
  if (undo === 'latest') return { act: true };
  const record = decodeRecord(state.record);
  const target = state.name;
  const deliberately = `To undo it deliberately, run the rollback with undo: latest.`;
  if (!record) {
    return {
      act: false,
      reason: `${target} carries no safe-deploy deployment record, so this run (${runId}) made no deployment on it; nothing was rolled back. ${deliberately}`,
    };
  }
  if (record.owner?.runId !== runId) {
    return {
      act: false,
      reason: `${target}'s deployment record (${record.previousVersion} -> ${record.version}, ${record.status}) belongs to ${describeOwner(record)}, not to this run (${runId}); nothing was rolled back. ${deliberately}`,
    };
  }
  return { act: true };
}
