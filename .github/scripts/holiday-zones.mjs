// The time zones check-blockers' holiday chunks carry (see build.mjs's buildHolidays).
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * moment-timezone's zones run from the 19th century to 2499 (Europe/Berlin: 1068 changes).
 * check-blockers only asks about now and the days after it, and unpacking a zone's whole
 * history on the first date it computes costs a run ~5 MiB (V8 optimises the unpacking
 * loop) and a chunk its size. Kept: ZONE_YEARS, with moment-timezone's own filterYears (the
 * offset in force at the start, then every change up to the end; the last offset after it).
 * Fixed years, not the build's: a rebuild must write the same dist/.
 */
export const ZONE_YEARS = [2025, 2100];

/** The packed zones of ZONE_YEARS only. */
export function trimZones(packed, timezoneDir) {
  const tz = createRequire(join(timezoneDir, 'package.json'))('./moment-timezone-utils.js').tz;
  const [from, to] = ZONE_YEARS;
  return {
    ...packed,
    zones: packed.zones.map((zone) => tz.pack(tz.filterYears(tz.unpack(zone), from, to))),
  };
}
