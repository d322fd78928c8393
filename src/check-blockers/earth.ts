// The Earth's VSOP87 series (~0.1 MB), which date-holidays computes equinoxes, solstices and
// the Chinese, Korean and Vietnamese calendars with: a few countries' rules need it, most
// never do. In the engine the build bundles, astronomia's data module is this one (build.mjs
// aliases it), empty until loadEarth fills it from holidays/earth.js, which a run loads only
// with a country whose rules need it (core/blockers/holidays.ts, needsEarth). Unfilled, it
// says so rather than computing with nothing. Run from src/, the parser has the real module
// and this one is never read.
import type { EarthSeries } from '../core/blockers/holidays.js';

const SERIES = ['L', 'B', 'R'] as const;
const earth: Record<string, unknown> = { name: 'earth', type: 'B' };
for (const key of SERIES)
  Object.defineProperty(earth, key, {
    configurable: true,
    enumerable: true,
    get: () => {
      throw new Error(
        "the Earth's VSOP87 series was not loaded, yet a holiday rule computes with it (an equinox, solstice or lunisolar date)",
      );
    },
  });

export function loadEarth(series: EarthSeries): void {
  for (const key of SERIES)
    Object.defineProperty(earth, key, { configurable: true, enumerable: true, value: series[key] });
}

export default earth;
