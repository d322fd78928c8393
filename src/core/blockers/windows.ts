// Deploy windows: when a deployment may start. One window per line:
//   <days> <HH:MM>-<HH:MM> [<IANA zone>]
// days: Mon-Fri | Sat,Sun | Mon,Wed-Fri | daily | weekdays | weekends. A window whose end is
// not after its start crosses midnight and belongs to the day it starts on ("Fri 22:00-02:00"
// is Friday night into Saturday). Membership is judged on the local wall clock of the
// window's zone, so a window keeps its local hours across DST changes.
import { DateTime } from 'luxon';
import { InputError } from '../input-error.js';
import { looksLikeZone, parseZone } from './time-zone.js';

export const WINDOW_FORM =
  'one window per line: days, HH:MM-HH:MM and an optional IANA time zone, such as "Mon-Fri 09:00-16:00 Europe/Berlin" (days: Mon-Fri, Sat,Sun, daily, weekdays, weekends)';

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MINUTES_PER_DAY = 24 * 60;

export interface DeployWindow {
  /** The line as written, for summaries. */
  text: string;
  /** ISO weekdays (1 = Monday) the window starts on. */
  days: Set<number>;
  /** Minutes after local midnight; end may be 1440 (24:00). */
  startMinute: number;
  endMinute: number;
  zone: string;
}

export function parseWindows(input: string, raw: string, defaultZone: string): DeployWindow[] {
  return raw
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => parseWindow(input, line, defaultZone));
}

function parseWindow(input: string, line: string, defaultZone: string): DeployWindow {
  const m = /^(\S+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})(?:\s+(\S+))?$/.exec(line);
  if (!m) throw new InputError(input, line, WINDOW_FORM);
  const [, daysText, startText, endText, zoneText] = m;
  const days = parseDays(input, line, daysText);
  const startMinute = parseClock(input, line, startText, false);
  const endMinute = parseClock(input, line, endText, true);
  if (startMinute === endMinute) {
    throw new InputError(input, line, `${WINDOW_FORM}; a window's start and end must differ`);
  }
  const zone = zoneText === undefined ? defaultZone : parseZoneIn(input, line, zoneText);
  return { text: line, days, startMinute, endMinute, zone };
}

function parseZoneIn(input: string, line: string, zoneText: string): string {
  try {
    return parseZone(input, zoneText);
  } catch {
    const hint = looksLikeZone(zoneText) ? 'an unknown time zone' : 'unexpected text';
    throw new InputError(input, line, `${WINDOW_FORM}; '${zoneText}' is ${hint}`);
  }
}

function parseDays(input: string, line: string, text: string): Set<number> {
  const lower = text.toLowerCase();
  if (lower === 'daily') return new Set([1, 2, 3, 4, 5, 6, 7]);
  if (lower === 'weekdays') return new Set([1, 2, 3, 4, 5]);
  if (lower === 'weekends') return new Set([6, 7]);
  const days = new Set<number>();
  for (const part of lower.split(',')) {
    const [from, to, extra] = part.split('-');
    const a = DAY_NAMES.indexOf(from) + 1;
    const b = to === undefined ? a : DAY_NAMES.indexOf(to) + 1;
    if (a === 0 || b === 0 || extra !== undefined) {
      throw new InputError(input, line, `${WINDOW_FORM}; '${text}' is not a list of days`);
    }
    // A range may wrap the week: Fri-Mon is Fri, Sat, Sun, Mon.
    for (let d = a; ; d = (d % 7) + 1) {
      days.add(d);
      if (d === b) break;
    }
  }
  return days;
}

function parseClock(input: string, line: string, text: string, isEnd: boolean): number {
  const [h, min] = text.split(':').map(Number);
  const minutes = h * 60 + min;
  const ok = min < 60 && (minutes < MINUTES_PER_DAY || (isEnd && minutes === MINUTES_PER_DAY));
  if (!ok) throw new InputError(input, line, `${WINDOW_FORM}; '${text}' is not a time of day`);
  return minutes;
}

function crossesMidnight(w: DeployWindow): boolean {
  return w.endMinute <= w.startMinute;
}

/** Whether `instant` (epoch ms) falls inside the window, on the window's local clock. */
export function inWindow(w: DeployWindow, instant: number): boolean {
  const local = DateTime.fromMillis(instant, { zone: w.zone });
  const minute = local.hour * 60 + local.minute;
  const today = local.weekday;
  const yesterday = ((today + 5) % 7) + 1;
  if (!crossesMidnight(w))
    return w.days.has(today) && minute >= w.startMinute && minute < w.endMinute;
  return (
    (w.days.has(today) && minute >= w.startMinute) ||
    (w.days.has(yesterday) && minute < w.endMinute)
  );
}

/** The first window containing `instant`, if any. */
export function openWindow(windows: DeployWindow[], instant: number): DeployWindow | undefined {
  return windows.find((w) => inWindow(w, instant));
}

/**
 * The instant the window next closes after `instant`, taking it to be inside the window.
 * Found on the local clock, so a window on a DST day closes at its local end time.
 */
export function windowCloses(w: DeployWindow, instant: number): number {
  const local = DateTime.fromMillis(instant, { zone: w.zone });
  const minute = local.hour * 60 + local.minute;
  const endsToday = !crossesMidnight(w) || minute < w.endMinute;
  const day = endsToday ? local.startOf('day') : local.startOf('day').plus({ days: 1 });
  return atLocalMinute(day, w.endMinute).toMillis();
}

/** Every instant a window opens in (from, to], in order. Days are walked on the local clock. */
export function windowOpenings(w: DeployWindow, from: number, to: number): number[] {
  const out: number[] = [];
  let day = DateTime.fromMillis(from, { zone: w.zone }).startOf('day');
  const last = DateTime.fromMillis(to, { zone: w.zone }).startOf('day');
  for (; day <= last; day = day.plus({ days: 1 })) {
    if (!w.days.has(day.weekday)) continue;
    // A start time that does not exist (skipped by a DST change) opens at the first minute
    // after the gap, which is what luxon gives for a non-existent local time.
    const opens = atLocalMinute(day, w.startMinute).toMillis();
    if (opens > from && opens <= to) out.push(opens);
  }
  return out;
}

function atLocalMinute(day: DateTime, minute: number): DateTime {
  if (minute === MINUTES_PER_DAY) return day.plus({ days: 1 }).startOf('day');
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
}

/** "Mon 2026-01-05 09:00 Europe/Berlin": how summaries name an instant in a zone. */
export function formatInstant(instant: number, zone: string): string {
  return `${DateTime.fromMillis(instant, { zone }).toFormat('ccc yyyy-MM-dd HH:mm')} ${zone}`;
}
