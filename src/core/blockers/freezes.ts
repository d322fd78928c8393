// Freeze periods: ranges of time when no deployment may start, each with a reason people
// will read. One freeze per line:
//   <start> .. <end> [<IANA zone>]: <reason>
// start and end are YYYY-MM-DD or YYYY-MM-DDTHH:MM on the zone's local clock. A date alone
// means the whole day: a start at 00:00 of that day, an end at 24:00 of that day, so
// "2026-12-24 .. 2026-12-26" freezes all three days.
import { DateTime } from 'luxon';
import { InputError } from '../input-error.js';
import { looksLikeZone, parseZone } from './time-zone.js';

export const FREEZE_FORM =
  'one freeze per line: start .. end, an optional IANA time zone, a colon and the reason, such as "2026-12-20 .. 2027-01-04T09:00 Europe/Berlin: year-end freeze" (dates as YYYY-MM-DD or YYYY-MM-DDTHH:MM; a date alone is the whole day)';

export interface Freeze {
  text: string;
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  zone: string;
  reason: string;
}

export function parseFreezes(input: string, raw: string, defaultZone: string): Freeze[] {
  return raw
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => parseFreeze(input, line, defaultZone));
}

const STAMP = String.raw`\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?`;
const LINE = new RegExp(String.raw`^(${STAMP})\s*\.\.\s*(${STAMP})(?:\s+([^\s:]+))?\s*:\s*(.*)$`);

function parseFreeze(input: string, line: string, defaultZone: string): Freeze {
  const m = LINE.exec(line);
  if (!m) throw new InputError(input, line, FREEZE_FORM);
  const [, startText, endText, zoneText, reasonText] = m;
  const reason = reasonText.trim();
  if (reason === '') throw new InputError(input, line, `${FREEZE_FORM}; the reason is missing`);
  let zone = defaultZone;
  if (zoneText !== undefined) {
    try {
      zone = parseZone(input, zoneText);
    } catch {
      const hint = looksLikeZone(zoneText) ? 'an unknown time zone' : 'unexpected text';
      throw new InputError(input, line, `${FREEZE_FORM}; '${zoneText}' is ${hint}`);
    }
  }
  const start = localStamp(input, line, startText, zone, false);
  const end = localStamp(input, line, endText, zone, true);
  if (end <= start)
    throw new InputError(input, line, `${FREEZE_FORM}; the end must be after the start`);
  return { text: line, start, end, zone, reason };
}

function localStamp(
  input: string,
  line: string,
  text: string,
  zone: string,
  isEnd: boolean,
): number {
  const dateOnly = !text.includes('T');
  const parsed = DateTime.fromISO(text, { zone });
  if (!parsed.isValid) {
    throw new InputError(input, line, `${FREEZE_FORM}; '${text}' is not a valid date or time`);
  }
  return (dateOnly && isEnd ? parsed.plus({ days: 1 }) : parsed).toMillis();
}

export function activeFreezes(freezes: Freeze[], instant: number): Freeze[] {
  return freezes.filter((f) => f.start <= instant && instant < f.end);
}

/** The next freeze to start after `instant`, for a heads-up in the summary. */
export function nextFreeze(freezes: Freeze[], instant: number): Freeze | undefined {
  return freezes.filter((f) => f.start > instant).sort((a, b) => a.start - b.start)[0];
}
