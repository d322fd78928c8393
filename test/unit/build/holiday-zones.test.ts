// The holiday chunks carry each zone for ZONE_YEARS only (.github/scripts/holiday-zones.mjs):
// within those years every zone must give the offset the whole database gives, at every
// instant, or a holiday would start or end at the wrong hour.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../../harness/runner.js';
import type { PackedZones } from '../../../src/core/blockers/holiday-chunks.js';

const require = createRequire(import.meta.url);
const timezoneDir = dirname(require.resolve('moment-timezone/package.json'));
interface Zone {
  name: string;
  untils: (number | null)[];
  offsets: number[];
}
const { tz } = require('moment-timezone/moment-timezone-utils.js') as {
  tz: { unpack(packed: string): Zone };
};

/** What the build writes, by the build's own module, run as the build runs it. */
function trimmed(): { zones: PackedZones; years: [number, number] } {
  const script = `
    import { readFileSync } from 'node:fs';
    import { trimZones, ZONE_YEARS } from ${JSON.stringify(join(REPO_ROOT, '.github/scripts/holiday-zones.mjs'))};
    const dir = ${JSON.stringify(timezoneDir)};
    const packed = JSON.parse(readFileSync(dir + '/data/packed/latest.json', 'utf8'));
    console.log(JSON.stringify({ zones: trimZones(packed, dir), years: ZONE_YEARS }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return JSON.parse(out) as { zones: PackedZones; years: [number, number] };
}

/** The offset in force at `t`, as moment-timezone finds it: the first period ending after t. */
function offsetAt(zone: Zone, t: number): number {
  const i = zone.untils.findIndex((until) => until === null || t < until);
  return zone.offsets[i < 0 ? zone.offsets.length - 1 : i];
}

describe('the zones the holiday chunks carry', () => {
  const { zones, years } = trimmed();
  const full = require('moment-timezone/data/packed/latest.json') as PackedZones;

  it('are every zone and link of the database, in under a third of its size', () => {
    expect(zones.zones.map((z) => z.split('|')[0])).toEqual(full.zones.map((z) => z.split('|')[0]));
    expect(zones.links).toEqual(full.links);
    const size = (p: PackedZones) => p.zones.join('').length;
    expect(size(zones)).toBeLessThan(size(full) / 3);
  });

  it('give the whole database’s offset at every instant of their years', () => {
    const from = Date.UTC(years[0], 0, 1);
    const to = Date.UTC(years[1], 0, 1);
    const wrong: string[] = [];
    full.zones.forEach((packed, n) => {
      const whole = tz.unpack(packed);
      const kept = tz.unpack(zones.zones[n]);
      // Every change, just before and at it, and a sample between.
      const instants = whole.untils
        .filter((u): u is number => u !== null && u > from && u < to)
        .flatMap((u) => [u - 1, u]);
      for (let t = from; t < to; t += 7 * 86_400_000 + 3_600_000) instants.push(t);
      for (const t of instants)
        if (offsetAt(whole, t) !== offsetAt(kept, t)) wrong.push(`${whole.name} at ${t}`);
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
