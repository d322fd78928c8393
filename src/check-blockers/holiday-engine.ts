// The holiday engine: date-holidays' parser (the class date-holidays itself extends, without
// its data for every country) and moment-timezone, which the parser computes dates with. The
// build bundles this file on its own into dist/check-blockers/holidays/engine.js with
// moment-timezone's core in place of its index, which would load every zone (~0.7 MB): the
// zones a country needs come with its data (see core/blockers/holiday-chunks.ts), and with
// ./earth.ts in place of astronomia's Earth series, which only some countries' rules need.
// @ts-expect-error: its types are not reachable through its exports; HolidaysParserClass says
// what this module uses of it.
import Parser from 'date-holidays-parser';
import moment from 'moment-timezone';
import type { HolidayEngine, HolidaysParserClass } from '../core/blockers/holidays.js';
import type { PackedZones } from '../core/blockers/holiday-chunks.js';
import { loadEarth } from './earth.js';

export const HolidaysParser = Parser as HolidaysParserClass;

export function loadZones(zones: PackedZones): void {
  moment.tz.load(zones);
}

export const engine: HolidayEngine = { HolidaysParser, loadZones, loadEarth };
