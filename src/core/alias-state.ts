// The alias is the source of truth of a deployment: its routing says whether traffic is
// split. These helpers read and describe routing; they never decide to change it.

export interface WeightedVersion {
  version: string;
  /** Fraction of requests in (0, 1). */
  weight: number;
}

/** What UpdateAlias is asked to set: a primary version and at most one weighted extra. */
export interface Routing {
  primaryVersion: string;
  additional?: WeightedVersion;
}

export interface AliasState extends Routing {
  functionName: string;
  alias: string;
  /** The only lock AWS offers: every UpdateAlias carries the one that was read. */
  revisionId: string;
  description: string;
}

export function isSplit(routing: Routing): boolean {
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

/** Lambda takes a double; five decimals avoid 0.30000000000000004 in logs and calls. */
export function roundWeight(weight: number): number {
  return Math.round(weight * 100000) / 100000;
}

export function formatPercent(fraction: number): string {
  const pct = Math.round(fraction * 100000) / 1000;
  return `${pct}%`;
}

/** "version 3 at 90% and version 4 at 10%", or "version 4 at 100%". */
export function describeRouting(routing: Routing): string {
  if (!isSplit(routing)) return `version ${routing.primaryVersion} at 100%`;
  const extra = routing.additional!;
  return `version ${routing.primaryVersion} at ${formatPercent(1 - extra.weight)} and version ${extra.version} at ${formatPercent(extra.weight)}`;
}

export function sameRouting(a: Routing, b: Routing): boolean {
  if (a.primaryVersion !== b.primaryVersion) return false;
  const ea = isSplit(a) ? a.additional : undefined;
  const eb = isSplit(b) ? b.additional : undefined;
  if (!ea || !eb) return !ea && !eb;
  return ea.version === eb.version && Math.abs(ea.weight - eb.weight) < 1e-9;
}

/**
 * The AWS CLI command a person runs to put the alias fully on `version` by hand, printed
 * whenever the suite cannot finish a restore itself. It is shown, never executed.
 */
export function fixCommand(functionName: string, alias: string, version: string): string {
  return (
    `aws lambda update-alias --function-name ${shellQuote(functionName)} --name ${shellQuote(alias)} ` +
    `--function-version ${version} --routing-config 'AdditionalVersionWeights={}'`
  );
}

/** The command that shows the alias as it is now. Shown, never run. */
export function getAliasCommand(functionName: string, alias: string): string {
  return `aws lambda get-alias --function-name ${shellQuote(functionName)} --name ${shellQuote(alias)}`;
}

/**
 * What a person runs when the suite could not read the alias: look first, then put it fully
 * on `version`. `region` is appended when the step knows it (the post step, from its state).
 */
export function lookAndRestore(
  functionName: string,
  alias: string,
  version: string,
  region?: string,
): string {
  const where = region ? ` --region ${region}` : '';
  return (
    `Look with: ${getAliasCommand(functionName, alias)}${where}; ` +
    `restore it with: ${fixCommand(functionName, alias, version)}${where}`
  );
}

/** The command that closes a stale deployment record without touching routing. Shown, never run. */
export function clearRecordCommand(functionName: string, alias: string): string {
  return `aws lambda update-alias --function-name ${shellQuote(functionName)} --name ${shellQuote(alias)} --description ''`;
}

export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.:/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
