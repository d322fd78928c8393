// The target is the source of truth of a deployment: its routing says whether traffic is
// split. These helpers read and describe routing; they never decide to change it.

export interface WeightedVersion {
  version: string;
  /** Fraction of requests in (0, 1). */
  weight: number;
}

/** What a target is asked to serve: a primary version and at most one weighted extra. */
export interface Routing {
  primaryVersion: string;
  additional?: WeightedVersion;
  /**
   * The parts of a composite target disagree (a run died between two members' updates):
   * split, and never the same as any routing asked for, so it is restored or refused.
   */
  uneven?: true;
}

export function isSplit(routing: Routing): boolean {
  if (routing.uneven) return true;
  return routing.additional !== undefined && routing.additional.weight > 0;
}

/** Fraction of requests `version` receives under `routing`. */
export function weightOf(routing: Routing, version: string): number {
  const extra =
    routing.additional && routing.additional.weight > 0 ? routing.additional : undefined;
  if (extra?.version === version) return extra.weight;
  if (routing.primaryVersion === version) return 1 - (extra?.weight ?? 0);
  return 0;
}

/** Versions receiving traffic, primary first. */
export function versionsIn(routing: Routing): string[] {
  return isSplit(routing)
    ? [routing.primaryVersion, routing.additional!.version]
    : [routing.primaryVersion];
}

/**
 * Routing that sends `weight` of traffic to `next` and the rest to `previous`. The ends
 * are unsplit on purpose: a finished shift is FunctionVersion = next with no weights,
 * and a restore is FunctionVersion = previous with no weights.
 */
export function routingBetween(previous: string, next: string, weight: number): Routing {
  if (weight <= 0) return { primaryVersion: previous };
  if (weight >= 1) return { primaryVersion: next };
  return { primaryVersion: previous, additional: { version: next, weight: roundWeight(weight) } };
}

/** Five decimals avoid 0.30000000000000004 in logs and calls. */
export function roundWeight(weight: number): number {
  return Math.round(weight * 100000) / 100000;
}

export function formatPercent(fraction: number): string {
  const pct = Math.round(fraction * 100000) / 1000;
  return `${pct}%`;
}

/** "version 3 at 90% and version 4 at 10%", or "version 4 at 100%". */
export function describeRouting(routing: Routing): string {
  const uneven = routing.uneven ? ' at most (its parts are at different weights)' : '';
  if (!isSplit(routing)) return `version ${routing.primaryVersion} at 100%`;
  const extra = routing.additional!;
  return `version ${routing.primaryVersion} at ${formatPercent(1 - extra.weight)} and version ${extra.version} at ${formatPercent(extra.weight)}${uneven}`;
}

export function sameRouting(a: Routing, b: Routing): boolean {
  if (a.uneven || b.uneven) return false;
  if (a.primaryVersion !== b.primaryVersion) return false;
  const ea = isSplit(a) ? a.additional : undefined;
  const eb = isSplit(b) ? b.additional : undefined;
  if (!ea || !eb) return !ea && !eb;
  return ea.version === eb.version && Math.abs(ea.weight - eb.weight) < 1e-9;
}
