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

/** Formats milliseconds the way parseDuration reads them, for summaries and logs. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  let seconds = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
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

/** A published Lambda version number. $LATEST is refused: weighted routing cannot use it. */
export function parseVersion(input: string, raw: string): string {
  const text = raw.trim();
  if (text === '$LATEST') {
    throw new InputError(
      input,
      raw,
      'a published version number such as 42 ($LATEST cannot be used for weighted routing; publish a version first)',
    );
  }
  if (!/^[1-9]\d*$/.test(text))
    throw new InputError(input, raw, 'a published version number such as 42');
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

const FUNCTION_FORM =
  'a Lambda function name or ARN such as orders-api, without a version or alias qualifier';
const ALIAS_FORM =
  'a Lambda alias name such as live (letters, digits, - and _; not a version number)';

/**
 * The function an alias belongs to: a name, partial ARN or ARN, never qualified. A
 * qualifier (orders:4, orders:$LATEST) would address a version, not the function.
 */
export function parseFunctionName(input: string, raw: string): string {
  const text = parseName(input, raw, FUNCTION_FORM);
  const qualified = text.startsWith('arn:')
    ? text.split(':').length > 7
    : /:(\d+|\$LATEST)$/.test(text);
  if (qualified || /\s/.test(text)) throw new InputError(input, raw, FUNCTION_FORM);
  return text;
}

/** An alias name as Lambda allows it; all digits would be a version number. */
export function parseAliasName(input: string, raw: string): string {
  const text = parseName(input, raw, ALIAS_FORM);
  if (!/^(?!\d+$)[A-Za-z0-9_-]{1,128}$/.test(text)) throw new InputError(input, raw, ALIAS_FORM);
  return text;
}

/** A name that must not be blank. */
export function parseName(input: string, raw: string, form = 'a non-empty name'): string {
  const text = raw.trim();
  if (text === '') throw new InputError(input, raw, form);
  return text;
}
