// Which version is judged, against which baseline, and since when: from the inputs, the
// alias and the deployment record shift-traffic left in the alias description.
import type { TargetState } from '../core/traffic-target.js';
import { describeRouting, isSplit, weightOf } from '../core/routing.js';
import type { BaselineSource, RoutedWeight } from '../core/bake/judge.js';
import { decodeRecord, type DeploymentRecord } from '../core/deployment-record.js';
import { InputError } from '../core/input-error.js';

export interface Subject {
  version: string;
  previousVersion: string;
  baselineSource: BaselineSource;
  /**
   * The version's weight on a split alias (baselineSource 'concurrent'), for the
   * traffic-share check: its share of the calls is compared with it.
   */
  routedWeight?: RoutedWeight;
  /** When traffic started moving: the record's startedAt, else the bake's start. */
  deployStart: number;
  record?: DeploymentRecord;
  /** Said in the log and summary: e.g. why there may be no traffic. */
  notes: string[];
}

/** `readAt`: when `alias` was read (epoch ms); its weights hold from then on at least. */
export function resolveSubject(
  alias: TargetState,
  given: { version?: string; previousVersion?: string },
  bakeStart: number,
  readAt: number = bakeStart,
): Subject {
  const found = decodeRecord(alias.record);
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
      `the version to compare with: ${alias.name} is at ${describeRouting(alias)} and has no deployment record naming the previous version`,
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
  const weight = weightOf(alias, version);
  // The record says when shift-traffic set this weight; without it, the weight is only
  // known to hold from the read.
  const stepAt =
    record?.stepWeight !== undefined &&
    Math.abs(record.stepWeight - weight) < 1e-9 &&
    record.stepStartedAt !== undefined &&
    record.stepStartedAt <= readAt
      ? record.stepStartedAt
      : readAt;
  return {
    version,
    previousVersion,
    baselineSource,
    ...(baselineSource === 'concurrent' ? { routedWeight: { weight, since: stepAt } } : {}),
    deployStart,
    ...(record ? { record } : {}),
    notes,
  };
}
