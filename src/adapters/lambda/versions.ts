// What Lambda refuses or serves badly about a pair of published versions, checked before
// the first shift so that the failure comes before any change.
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { VersionsSignal } from '../../core/blockers/version-checks.js';

export interface VersionConfig {
  version: string;
  role?: string;
  deadLetterTarget?: string;
  /** Lambda's State: Pending, Active, Inactive or Failed. */
  state?: string;
  stateReason?: string;
  /** Lambda's LastUpdateStatus: InProgress, Successful or Failed. */
  lastUpdateStatus?: string;
  lastUpdateStatusReason?: string;
}

/** The configuration of one published version; ResourceNotFoundException if it does not exist. */
export async function getVersion(
  client: LambdaClient,
  functionName: string,
  version: string,
  signal?: AbortSignal,
): Promise<VersionConfig> {
  const out = await client.send(
    new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: version }),
    { abortSignal: signal },
  );
  return {
    version,
    role: out.Role,
    deadLetterTarget: out.DeadLetterConfig?.TargetArn,
    state: out.State,
    ...(out.StateReason ? { stateReason: out.StateReason } : {}),
    ...(out.LastUpdateStatus ? { lastUpdateStatus: out.LastUpdateStatus } : {}),
    ...(out.LastUpdateStatusReason ? { lastUpdateStatusReason: out.LastUpdateStatusReason } : {}),
  };
}

const why = (reason?: string): string => (reason ? ` (${reason})` : '');

/**
 * Why the new version cannot take traffic now, or undefined when it can. Lambda: a version
 * whose last update failed keeps no working code or configuration for that update; one still
 * InProgress, or not Active, is not ready. Either would take traffic it cannot serve. The one
 * rule shift-traffic's preflight refuses by and check-blockers blocks by.
 */
export function versionUnready(next: VersionConfig): string | undefined {
  if (next.lastUpdateStatus === 'Failed')
    return `the last update of version ${next.version} failed${why(next.lastUpdateStatusReason)}; publish a new version`;
  if (next.lastUpdateStatus === 'InProgress')
    return `version ${next.version} is still being updated (LastUpdateStatus InProgress); wait for it to finish`;
  if (next.state && next.state !== 'Active')
    return `version ${next.version} is ${next.state}${why(next.stateReason)}, not Active; wait for it to become Active`;
  return undefined;
}

/**
 * Why the version a rollback returns to could not take the traffic back at once, with how to
 * wake it, or undefined. Lambda: invoking an Inactive version fails while Lambda recreates
 * its resources, which is when a rollback needs it most. shift-traffic refuses on it;
 * check-blockers gives it as advice.
 */
export function rollbackTargetCold(
  previous: VersionConfig,
  functionName: string,
): string | undefined {
  if (previous.state !== 'Inactive') return undefined;
  return (
    `version ${previous.version}, the one a rollback returns to, is Inactive${why(previous.stateReason)}: its first invocations would fail while Lambda recreates its resources. ` +
    `Invoke it once to reactivate it (aws lambda invoke --function-name ${functionName}:${previous.version} /dev/null), wait until aws lambda get-function-configuration --function-name ${functionName} --qualifier ${previous.version} shows State Active, then run again`
  );
}

/**
 * Lambda rejects a weighted split between versions with different execution roles or
 * dead-letter configs, and it would do so at the first shift. Returns the problem, or
 * undefined when the pair can be split.
 */
export function incompatibility(
  previous: VersionConfig,
  next: VersionConfig,
  functionName: string,
): string | undefined {
  const unready = versionUnready(next) ?? rollbackTargetCold(previous, functionName);
  if (unready) return unready;
  if ((previous.role ?? '') !== (next.role ?? ''))
    return `versions ${previous.version} and ${next.version} have different execution roles (${previous.role} and ${next.role}); Lambda refuses weighted routing between them`;
  if ((previous.deadLetterTarget ?? '') !== (next.deadLetterTarget ?? ''))
    return `versions ${previous.version} and ${next.version} have different dead-letter configs (${previous.deadLetterTarget ?? 'none'} and ${next.deadLetterTarget ?? 'none'}); Lambda refuses weighted routing between them`;
  return undefined;
}

/**
 * check-blockers' reading of the new version and the rollback target (`previous`, when there
 * is one), judged by the rules above.
 */
export async function readVersions(
  client: LambdaClient,
  functionName: string,
  version: string,
  previous: string | undefined,
  signal?: AbortSignal,
): Promise<VersionsSignal> {
  const [next, back] = await Promise.all([
    getVersion(client, functionName, version, signal),
    previous ? getVersion(client, functionName, previous, signal) : undefined,
  ]);
  const state = (v: VersionConfig): string =>
    `${v.state ?? 'Active'}, last update ${v.lastUpdateStatus ?? 'Successful'}`;
  const problem = versionUnready(next);
  const cold = back && rollbackTargetCold(back, functionName);
  return {
    next: { version, state: state(next), ...(problem ? { problem } : {}) },
    ...(back
      ? { previous: { version: back.version, state: state(back), ...(cold ? { cold } : {}) } }
      : {}),
  };
}
