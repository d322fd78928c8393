// What a rollback restores, decided from the alias as read (no I/O here). The previous
// version comes from the deployment record shift-traffic left in the alias description,
// or from the `version` input when a person names it. The restore itself is core's
// restorePrevious, shared with shift-traffic and bake-and-watch.
import type { AliasState } from '../core/alias-state.js';
import { describeRouting, fixCommand, isSplit, versionsIn } from '../core/alias-state.js';
import type { RestoreRequest } from '../core/alias-update.js';
import { type DeploymentRecord, decodeRecord, encodeRecord } from '../core/deployment-record.js';

/** The strategy written into a record the rollback makes itself (explicit version). */
export const ROLLBACK_STRATEGY = 'rollback';

export type PreviousVersionSource = 'deployment record' | 'version input';

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
    readonly state: AliasState,
  ) {
    super(`${message} Nothing was changed; the alias is at ${describeRouting(state)}.`);
    this.name = 'RollbackRefusedError';
  }
}

export interface PlanContext {
  now: number;
  runUrl?: string;
}

/**
 * Plans the restore of `state`. With `version` given, that version is the previous
 * version; otherwise the deployment record's previous version is. The versions the alias
 * may route to besides the previous version are only the record's new version (record) or
 * the one it routed to when read (explicit version): anything else is someone else's
 * change, which restorePrevious refuses.
 */
export function planRollback(
  state: AliasState,
  version: string | undefined,
  context: PlanContext,
): RollbackPlan {
  const record = decodeRecord(state.description);
  const target = `${state.functionName}:${state.alias}`;
  if (version === undefined) {
    if (!record) {
      const hint = isSplit(state)
        ? ` To put it back on version ${state.primaryVersion}, run the rollback with version: ${state.primaryVersion}.`
        : '';
      throw new RollbackRefusedError(
        `Alias ${target} carries no safe-deploy deployment record, so its previous version is unknown; give the version input.${hint}`,
        state,
      );
    }
    const newRecord: DeploymentRecord = { ...record, status: 'rolled-back' };
    return {
      source: 'deployment record',
      record,
      newRecord,
      request: {
        functionName: state.functionName,
        alias: state.alias,
        previousVersion: record.previousVersion,
        version: record.version,
        description: encodeRecord(newRecord),
      },
    };
  }

  const routed = versionsIn(state);
  if (isSplit(state) && !routed.includes(version)) {
    throw new RollbackRefusedError(
      `Alias ${target} is split between versions ${routed.join(' and ')}; version ${version} is neither, and one restore ` +
        `can only take traffic away from one version. Run the rollback without the version input to restore the ` +
        `previous version first, or set it by hand: ${fixCommand(state.functionName, state.alias, version)}`,
      state,
    );
  }
  const from = routed.find((v) => v !== version);
  const newRecord = explicitRecord(record, version, from, context);
  return {
    source: 'version input',
    ...(record ? { record } : {}),
    ...(newRecord ? { newRecord } : {}),
    request: {
      functionName: state.functionName,
      alias: state.alias,
      previousVersion: version,
      version: from ?? version,
      ...(newRecord ? { description: encodeRecord(newRecord) } : {}),
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
  };
}
