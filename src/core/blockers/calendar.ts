// Windows, freezes and holidays together: whether a deployment may start at an instant on
// the calendar alone, and when it next may. Pure functions of (calendar, instant).
import { type Freeze, activeFreezes } from './freezes.js';
import { type HolidayCalendar, type HolidayHit, holidaysAt } from './holidays.js';
import { type DeployWindow, openWindow, windowOpenings } from './windows.js';

export interface Calendar {
  windows: DeployWindow[];
  freezes: Freeze[];
  holidays: HolidayCalendar[];
}

export interface CalendarState {
  /** The open window; undefined when none is open (or none is configured). */
  window?: DeployWindow;
  /** False only when windows are configured and none is open. */
  inWindow: boolean;
  freezes: Freeze[];
  holidays: HolidayHit[];
}

/** How far ahead the next start is looked for; beyond it the summary says "not within a year". */
export const NEXT_START_HORIZON_MS = 366 * 86_400_000;
const WEEK_AND_A_DAY_MS = 8 * 86_400_000;

export function calendarAt(calendar: Calendar, instant: number): CalendarState {
  const window = openWindow(calendar.windows, instant);
  return {
    ...(window ? { window } : {}),
    inWindow: calendar.windows.length === 0 || window !== undefined,
    freezes: activeFreezes(calendar.freezes, instant),
    holidays: holidaysAt(calendar.holidays, instant),
  };
}

export function calendarAllows(state: CalendarState): boolean {
  return state.inWindow && state.freezes.length === 0 && state.holidays.length === 0;
}

/**
 * The first instant at or after `instant` when the calendar allows a start, or undefined
 * when there is none within the horizon. Each step jumps to the latest moment one of the
 * current blockers lifts (nothing earlier can be allowed), so it never scans minute by
 * minute and never skips an opening.
 */
export function nextStart(
  calendar: Calendar,
  instant: number,
  horizonMs = NEXT_START_HORIZON_MS,
): number | undefined {
  const limit = instant + horizonMs;
  for (let t = instant; t <= limit;) {
    const state = calendarAt(calendar, t);
    if (calendarAllows(state)) return t;
    const lifts: number[] = [];
    if (!state.inWindow) {
      const opening = nextOpening(calendar.windows, t);
      if (opening === undefined) return undefined;
      lifts.push(opening);
    }
    for (const f of state.freezes) lifts.push(f.end);
    for (const h of state.holidays) lifts.push(h.end);
    const next = Math.max(...lifts);
    // Defensive: a lift must move time forward, or the loop would spin.
    t = next > t ? next : t + 60_000;
  }
  return undefined;
}

export function nextOpening(windows: DeployWindow[], after: number): number | undefined {
  const openings = windows.flatMap((w) => windowOpenings(w, after, after + WEEK_AND_A_DAY_MS));
  return openings.length > 0 ? Math.min(...openings) : undefined;
}
