// IANA time zones for windows, freezes and holidays. luxon does the zone arithmetic, so
// DST changes are handled by the tz database, never by hand-written offsets.
import { IANAZone } from 'luxon';
import { InputError } from '../input-error.js';

export const ZONE_FORM = 'an IANA time zone such as Europe/Berlin, America/New_York or UTC';

/** The zone's canonical spelling (europe/berlin -> Europe/Berlin), or InputError. */
export function parseZone(input: string, raw: string): string {
  const text = raw.trim();
  if (text === '' || !IANAZone.isValidZone(text)) throw new InputError(input, raw, ZONE_FORM);
  if (/^(utc|etc\/utc|z)$/i.test(text)) return 'UTC';
  return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
}

/** Looks like a zone name (has a slash, or is UTC/GMT): a trailing word that should be one. */
export function looksLikeZone(word: string): boolean {
  return /\//.test(word) || /^(utc|gmt|z)$/i.test(word);
}
