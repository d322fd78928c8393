// The deployment record lives in the alias description so that any later job, on any
// runner, can read what a crashed or cancelled run was doing and restore or resume it.
// It is written in the same UpdateAlias as the routing it describes, so the two never
// disagree. Lambda caps an alias description at 256 characters, so the format is compact
// and drops the run URL, then the strategy's tail, before anything a restore, a resume or
// the ownership check needs.

export const ALIAS_DESCRIPTION_MAX = 256;
const PREFIX = 'safe-deploy/v1 ';

/** `stopped`: the run gave up because someone else changed the alias under it. */
export type DeploymentStatus = 'in-progress' | 'succeeded' | 'rolled-back' | 'halted' | 'stopped';
const STATUSES: readonly DeploymentStatus[] = [
  'in-progress',
  'succeeded',
  'rolled-back',
  'halted',
  'stopped',
];

/**
 * Who is driving the deployment. Two runs must never drive one alias: a run id names the
 * workflow run, the attempt tells a re-run from the run it re-runs, and the token (fresh
 * per process) tells two jobs or steps of the same attempt apart.
 */
export interface DeploymentOwner {
  runId: string;
  attempt: number;
  token: string;
}

export interface DeploymentRecord {
  previousVersion: string;
  version: string;
  /** The strategy text as given, e.g. "canary 10% 5m". */
  strategy: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  status: DeploymentStatus;
  runUrl?: string;
  /** The new version's weight when this record was written. */
  stepWeight?: number;
  /**
   * When the alias was set to `stepWeight` (epoch ms): a resumed run holds what is left of
   * that step's watch instead of promoting early.
   */
  stepStartedAt?: number;
  owner?: DeploymentOwner;
  /** The cell this target was deployed with, when it was one of several moved as one. */
  cell?: string;
}

interface Wire {
  p: string;
  v: string;
  s: string;
  t: number;
  st: DeploymentStatus;
  w?: number;
  a?: number;
  r?: string;
  n?: number;
  k?: string;
  c?: string;
  u?: string;
}

export function encodeRecord(record: DeploymentRecord): string {
  const wire: Wire = {
    p: record.previousVersion,
    v: record.version,
    s: record.strategy,
    t: Math.round(record.startedAt / 1000),
    st: record.status,
    ...(record.stepWeight !== undefined ? { w: record.stepWeight } : {}),
    ...(record.stepStartedAt !== undefined ? { a: Math.round(record.stepStartedAt) } : {}),
    ...(record.owner
      ? { r: record.owner.runId, n: record.owner.attempt, k: record.owner.token }
      : {}),
    ...(record.cell !== undefined ? { c: record.cell } : {}),
  };
  const withUrl = record.runUrl ? PREFIX + JSON.stringify({ ...wire, u: record.runUrl }) : '';
  if (withUrl && withUrl.length <= ALIAS_DESCRIPTION_MAX) return withUrl;
  const bare = PREFIX + JSON.stringify(wire);
  if (bare.length <= ALIAS_DESCRIPTION_MAX) return bare;
  // Only a very long custom strategy gets here; the versions, the step and the owner are
  // what a restore, a resume and the ownership check need.
  const room = ALIAS_DESCRIPTION_MAX - (bare.length - JSON.stringify(wire.s).length) - 3;
  return PREFIX + JSON.stringify({ ...wire, s: wire.s.slice(0, Math.max(0, room)) + '…' });
}

/** The record in an alias description, or undefined when there is none or it is not ours. */
export function decodeRecord(description: string | undefined): DeploymentRecord | undefined {
  if (!description?.startsWith(PREFIX)) return undefined;
  try {
    const wire = JSON.parse(description.slice(PREFIX.length)) as Partial<Wire>;
    if (typeof wire.p !== 'string' || typeof wire.v !== 'string' || typeof wire.t !== 'number')
      return undefined;
    if (!STATUSES.includes(wire.st as DeploymentStatus)) return undefined;
    const owner =
      typeof wire.r === 'string' && typeof wire.n === 'number' && typeof wire.k === 'string'
        ? { runId: wire.r, attempt: wire.n, token: wire.k }
        : undefined;
    return {
      previousVersion: wire.p,
      version: wire.v,
      strategy: typeof wire.s === 'string' ? wire.s : '',
      startedAt: wire.t * 1000,
      status: wire.st as DeploymentStatus,
      ...(typeof wire.u === 'string' ? { runUrl: wire.u } : {}),
      ...(typeof wire.w === 'number' ? { stepWeight: wire.w } : {}),
      ...(typeof wire.a === 'number' ? { stepStartedAt: wire.a } : {}),
      ...(owner ? { owner } : {}),
      ...(typeof wire.c === 'string' ? { cell: wire.c } : {}),
    };
  } catch {
    return undefined;
  }
}

/** "run 7001234567 attempt 2 (https://…)", for messages that name who owns a deployment. */
export function describeOwner(record: DeploymentRecord): string {
  if (!record.owner) return 'a run that did not record itself';
  const url = record.runUrl ? ` (${record.runUrl})` : '';
  return `run ${record.owner.runId} attempt ${record.owner.attempt}${url}`;
}
