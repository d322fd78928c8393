// The input grammar shared by every action. Pure: each parser takes the input's name and
// raw text and returns a typed value or throws InputError naming both.
import { InputError } from './input-error.js';

const DURATION_FORM = 'a duration such as 90s, 5m, 1h30m or 250ms';
const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parses "90s", "5m", "1h30m", "250ms" into milliseconds. A bare number is refused: units matter. */
export function parseDuration(input: string, raw: string): number {
  const text = raw.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(text)) throw new InputError(input, raw, DURATION_FORM);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(amount) * DURATION_UNITS_MS[unit];
  }
  return Math.round(total);
}

/**
 * The longest any wait of the suite may be: a job on a self-hosted runner ends after 5 days
 * (a GitHub-hosted one after 6 hours), so a bake, a hold or a plan longer than that can never
 * finish; it is a typo (5d for 5m) that would hold a deployment until the job is killed.
 */
export const MAX_WAIT_MS = 5 * 86_400_000;

/** Why MAX_WAIT_MS, as a refusal says it. */
export const MAX_WAIT_WHY =
  'no job runs longer than 5d on a self-hosted runner, 6h on a GitHub-hosted one';

/** A bake time: from 1s (a shorter one judges nothing) to MAX_WAIT_MS. */
export function parseWait(input: string, raw: string): number {
  return parseDurationWithin(input, raw, 1000, MAX_WAIT_MS, MAX_WAIT_WHY);
}

/** A duration from `minMs` to `maxMs`, the bounds named in the refusal. */
export function parseDurationWithin(
  input: string,
  raw: string,
  minMs: number,
  maxMs: number,
  why = '',
): number {
  const ms = parseDuration(input, raw);
  if (ms < minMs || ms > maxMs)
    throw new InputError(
      input,
      raw,
      `a duration from ${formatDuration(minMs)} to ${formatDuration(maxMs)}${why ? ` (${why})` : ''}`,
    );
  return ms;
}

/** Formats milliseconds the way parseDuration reads them, for summaries and logs. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  let seconds = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(seconds / size);
    if (n > 0) parts.push(`${n}${unit}`);
    seconds -= n * size;
  }
  return parts.join('') || '0s';
}

/** Parses "10%" or "10" (percent) into a fraction in [0, 1]. */
export function parsePercent(input: string, raw: string): number {
  const text = raw.trim();
  const m = /^(\d+(\.\d+)?)\s*%?$/.exec(text);
  const value = m ? Number(m[1]) : NaN;
  if (!m || value < 0 || value > 100)
    throw new InputError(input, raw, 'a percentage from 0% to 100%, such as 10%');
  return value / 100;
}

/**
 * The largest version number accepted. AWS documents no ceiling: versions count up by one per
 * publish, so a number past 2^31 - 1 (a publish every second for 68 years) is a pasted id or
 * a typo, and it stays well inside what a JavaScript number holds exactly.
 */
export const MAX_VERSION = 2_147_483_647;
const VERSION_FORM = `a published version number from 1 to ${MAX_VERSION} without leading zeros, such as 42`;

/** A published Lambda version number. $LATEST is refused: weighted routing cannot use it. */
export function parseVersion(input: string, raw: string): string {
  const text = raw.trim();
  if (text === '$LATEST') {
    throw new InputError(
      input,
      raw,
      `${VERSION_FORM} ($LATEST cannot be used for weighted routing; publish a version first)`,
    );
  }
  if (!/^[1-9]\d*$/.test(text) || Number(text) > MAX_VERSION)
    throw new InputError(input, raw, VERSION_FORM);
  return text;
}

/** One item per line or comma-separated; blank items are dropped, whitespace trimmed. */
export function parseList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** YAML 1.2 core schema booleans, as @actions/core's getBooleanInput reads them. */
export function parseBoolean(input: string, raw: string): boolean {
  const text = raw.trim();
  if (['true', 'True', 'TRUE'].includes(text)) return true;
  if (['false', 'False', 'FALSE'].includes(text)) return false;
  throw new InputError(input, raw, 'true or false');
}

export function parseInteger(
  input: string,
  raw: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = raw.trim();
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < min || value > max) {
    throw new InputError(input, raw, `a whole number from ${min} to ${max}`);
  }
  return value;
}

export function parseChoice<T extends string>(
  input: string,
  raw: string,
  choices: readonly T[],
): T {
  const text = raw.trim() as T;
  if (!choices.includes(text)) throw new InputError(input, raw, `one of ${choices.join(', ')}`);
  return text;
}

/** Lambda's own limits (API reference, GetAlias and UpdateAlias): a function name, and the
 * FunctionName parameter as a whole (ARN included). */
export const MAX_FUNCTION_NAME = 64;
export const MAX_FUNCTION_NAME_PARAMETER = 140;
export const MAX_ALIAS_NAME = 128;

const FUNCTION_FORM = `a Lambda function name of 1 to ${MAX_FUNCTION_NAME} letters, digits, - and _ such as orders-api, or its ARN or partial ARN (123456789012:function:orders-api), at most ${MAX_FUNCTION_NAME_PARAMETER} characters in all, without a version or alias qualifier`;
const ALIAS_FORM = `a Lambda alias name such as live (1 to ${MAX_ALIAS_NAME} letters, digits, - and _; not a version number)`;
/** An ARN's or partial ARN's part before the name, as Lambda's FunctionName pattern has it. */
const ARN_PREFIX = /^arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(?:-gov)?-[a-z]+-\d:\d{12}:function:/;
const PARTIAL_ARN_PREFIX = /^\d{12}:function:/;

/**
 * The function an alias belongs to: a name, partial ARN or ARN, never qualified. A
 * qualifier (orders:4, orders:$LATEST, orders:live) would address a version or an alias,
 * not the function; Lambda would answer with an error only after the run had started.
 */
export function parseFunctionName(input: string, raw: string): string {
  const text = parseName(input, raw, FUNCTION_FORM);
  const prefix = ARN_PREFIX.exec(text)?.[0] ?? PARTIAL_ARN_PREFIX.exec(text)?.[0] ?? '';
  if (prefix === '' && (text.startsWith('arn:') || text.includes(':function:')))
    throw new InputError(
      input,
      raw,
      `${FUNCTION_FORM}; an ARN reads arn:aws:lambda:<region>:<12-digit account>:function:<name>`,
    );
  const [name, ...qualifier] = text.slice(prefix.length).split(':');
  if (qualifier.length > 0)
    throw new InputError(
      input,
      raw,
      `${FUNCTION_FORM}; ':${qualifier.join(':')}' is a qualifier: give the alias in 'alias'`,
    );
  if (!/^[A-Za-z0-9_-]+$/.test(name) || name.length > MAX_FUNCTION_NAME)
    throw new InputError(input, raw, FUNCTION_FORM);
  if (text.length > MAX_FUNCTION_NAME_PARAMETER) throw new InputError(input, raw, FUNCTION_FORM);
  return text;
}

/** An alias name as Lambda allows it; all digits would be a version number. */
export function parseAliasName(input: string, raw: string): string {
  const text = parseName(input, raw, ALIAS_FORM);
  const pattern = new RegExp(`^(?!\\d+$)[A-Za-z0-9_-]{1,${MAX_ALIAS_NAME}}$`);
  if (!pattern.test(text)) throw new InputError(input, raw, ALIAS_FORM);
  return text;
}

/** A name that must not be blank. */
export function parseName(input: string, raw: string, form = 'a non-empty name'): string {
  const text = raw.trim();
  if (text === '') throw new InputError(input, raw, form);
  return text;
}
