// The deployment record lives in the alias description so that any later job, on any
// runner, can read what a crashed or cancelled run was doing and restore it. Lambda caps
// an alias description at 256 characters, so the format is compact and drops the run
// URL before anything that a restore needs.

export const ALIAS_DESCRIPTION_MAX = 256;
const PREFIX = 'safe-deploy/v1 ';

export type DeploymentStatus = 'in-progress' | 'succeeded' | 'rolled-back' | 'halted';
const STATUSES: readonly DeploymentStatus[] = ['in-progress', 'succeeded', 'rolled-back', 'halted'];

export interface DeploymentRecord {
  previousVersion: string;
  version: string;
  /** The strategy text as given, e.g. "canary 10% 5m". */
  strategy: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  status: DeploymentStatus;
  runUrl?: string;
}

interface Wire {
  p: string;
  v: string;
  s: string;
  t: number;
  st: DeploymentStatus;
  u?: string;
}

export function encodeRecord(record: DeploymentRecord): string {
  const wire: Wire = {
    p: record.previousVersion,
    v: record.version,
    s: record.strategy,
    t: Math.round(record.startedAt / 1000),
    st: record.status,
  };
  const withUrl = record.runUrl ? PREFIX + JSON.stringify({ ...wire, u: record.runUrl }) : '';
  if (withUrl && withUrl.length <= ALIAS_DESCRIPTION_MAX) return withUrl;
  const bare = PREFIX + JSON.stringify(wire);
  if (bare.length <= ALIAS_DESCRIPTION_MAX) return bare;
  // Only a very long custom strategy gets here; the versions are what a restore needs.
  return PREFIX + JSON.stringify({ ...wire, s: wire.s.slice(0, 60) + '…' });
}

/** The record in an alias description, or undefined when there is none or it is not ours. */
export function decodeRecord(description: string | undefined): DeploymentRecord | undefined {
  if (!description?.startsWith(PREFIX)) return undefined;
  try {
    const wire = JSON.parse(description.slice(PREFIX.length)) as Partial<Wire>;
    if (typeof wire.p !== 'string' || typeof wire.v !== 'string' || typeof wire.t !== 'number')
      return undefined;
    if (!STATUSES.includes(wire.st as DeploymentStatus)) return undefined;
    return {
      previousVersion: wire.p,
      version: wire.v,
      strategy: typeof wire.s === 'string' ? wire.s : '',
      startedAt: wire.t * 1000,
      status: wire.st as DeploymentStatus,
      ...(typeof wire.u === 'string' ? { runUrl: wire.u } : {}),
    };
  } catch {
    return undefined;
  }
}
