// Which version is judged, against which baseline, and since when: from the inputs, the
// alias and the deployment record shift-traffic left in the alias description.
import { type AliasState, describeRouting, isSplit, weightOf } from '../core/alias-state.js';
import type { BaselineSource } from '../core/bake/judge.js';
import { decodeRecord, type DeploymentRecord } from '../core/deployment-record.js';
import { InputError } from '../core/input-error.js';

export interface Subject {
  version: string;
  previousVersion: string;
  baselineSource: BaselineSource;
  /** When traffic started moving: the record's startedAt, else the bake's start. */
  deployStart: number;
  record?: DeploymentRecord;
  /** Said in the log and summary: e.g. why there may be no traffic. */
  notes: string[];
}

export function resolveSubject(
  alias: AliasState,
  given: { version?: string; previousVersion?: string },
  bakeStart: number,
): Subject {
  const found = decodeRecord(alias.description);
  const version =
    given.version ?? (isSplit(alias) ? alias.additional!.version : alias.primaryVersion);
  const record = found && found.version === version ? found : undefined;
  const previousVersion =
    given.previousVersion ??
    record?.previousVersion ??
    (isSplit(alias) ? alias.primaryVersion : undefined);
  if (!previousVersion) {
    throw new InputError(
      'previous-version',
      '',
      `the version to compare with: ${alias.functionName}:${alias.alias} is at ${describeRouting(alias)} and has no deployment record naming the previous version`,
    );
  }
  if (previousVersion === version) {
    throw new InputError(
      'previous-version',
      previousVersion,
      `a version other than version (${version})`,
    );
  }
  const notes: string[] = [];
  if (weightOf(alias, version) === 0) {
    notes.push(
      `The alias routes no traffic to version ${version} (${describeRouting(alias)}): the bake cannot pass on no evidence.`,
    );
  }
  const baselineSource: BaselineSource =
    weightOf(alias, previousVersion) > 0 ? 'concurrent' : 'before';
  if (baselineSource === 'before') {
    notes.push(
      `Version ${previousVersion} serves no traffic now; it is judged from its metrics before the deployment.`,
    );
  }
  const deployStart = record && record.startedAt <= bakeStart ? record.startedAt : bakeStart;
  return {
    version,
    previousVersion,
    baselineSource,
    deployStart,
    ...(record ? { record } : {}),
    notes,
  };
}
