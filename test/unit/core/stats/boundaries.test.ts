// Group-sequential boundaries, checked against values computed independently and
// published: Jennison & Turnbull, "Group Sequential Methods with Applications to Clinical
// Trials" (2000), Tables 1.1, 2.1 and 2.3; and gsDesign (Anderson, R package) for the
// Lan-DeMets O'Brien-Fleming spending boundaries. Where a value is not from a table it is
// checked by a seeded Monte Carlo simulation, with its tolerance stated.
import { describe, expect, it } from '@jest/globals';
import {
  crossingProbabilities,
  spendingBoundaries,
} from '../../../../src/core/stats/boundaries.js';
import { normalQuantile, normalUpperTail } from '../../../../src/core/stats/normal.js';
import { makeRandom } from '../../../../src/sim/errors.js';
import {
  MIN_GROWTH,
  obrienFlemingSpent,
  sequentialLook,
  type SequentialPlan,
  type LookHistory,
  type SpentLook,
} from '../../../../src/core/stats/spending.js';

const upperCrossing = (info: number[], bounds: number[]): number[] =>
  crossingProbabilities(info, bounds).upper;
const looks = (k: number): number[] => Array.from({ length: k }, (_, i) => i + 1);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** Two-sided exit probability of the region (-c_k, c_k): both sides, by symmetry twice one. */
function twoSided(bounds: number[]): number {
  const info = looks(bounds.length);
  const lower = bounds.map((c) => -c);
  const crossed = crossingProbabilities(info, bounds, lower);
  return sum(crossed.upper) + sum(crossed.lower);
}

describe('crossing probabilities of fixed boundaries', () => {
  it.each([
    // J&T Table 1.1 (Armitage, McPherson & Rowe 1969): repeated two-sided tests at nominal
    // 5%, K equally spaced looks, overall type I error.
    [2, 0.083],
    [3, 0.107],
    [5, 0.142],
    [10, 0.193],
    [20, 0.248],
    [50, 0.32],
  ])('repeated 5%% tests over %i looks err with probability %d (J&T Table 1.1)', (k, p) => {
    const z = normalQuantile(0.975);
    expect(twoSided(looks(k).map(() => z))).toBeCloseTo(p, 3);
  });

  it.each([
    // J&T Table 2.1: Pocock's constant C_P(K, 0.05), two-sided.
    [2, 2.178],
    [3, 2.289],
    [5, 2.413],
    [10, 2.555],
  ])('Pocock boundaries for %i looks at %d have two-sided level 0.05 (J&T Table 2.1)', (k, c) => {
    // The table gives C_P to 3 decimals: 0.0005 on c moves the level by well under 0.0002.
    expect(twoSided(looks(k).map(() => c))).toBeCloseTo(0.05, 3);
  });

  it.each([
    // J&T Table 2.3: O'Brien & Fleming's constant C_B(K, 0.05); boundaries C_B·√(K/k).
    [2, 1.977],
    [4, 2.024],
    [5, 2.04],
    [10, 2.087],
  ])(
    'O’Brien-Fleming boundaries for %i looks, C_B = %d, have level 0.05 (J&T Table 2.3)',
    (k, c) => {
      expect(twoSided(looks(k).map((j) => c * Math.sqrt(k / j)))).toBeCloseTo(0.05, 3);
    },
  );

  it('equals the normal tail at a single look', () => {
    expect(upperCrossing([7], [2.5])[0]).toBe(normalUpperTail(2.5));
  });
});

describe('spendingBoundaries', () => {
  it('is the fixed-sample z with a single look', () => {
    expect(spendingBoundaries([1], [0.025])[0]).toBeCloseTo(1.959964, 6);
    expect(spendingBoundaries([3], [0.005])[0]).toBeCloseTo(2.575829, 6);
    // Deep in the tail, where 1 - p is 1 in floating point.
    expect(spendingBoundaries([1], [1e-19])[0]).toBeCloseTo(-normalQuantile(1e-19), 9);
  });

  it('matches gsDesign’s sfLDOF boundaries, one-sided alpha 0.025, 5 equally spaced looks', () => {
    // gsDesign(k = 5, test.type = 1, alpha = 0.025, sfu = sfLDOF)$upper$bound:
    // 4.8769 3.3569 2.6803 2.2898 2.0310. The first is also analytic:
    // -qnorm(2 - 2·pnorm(qnorm(0.9875)/√0.2)).
    const cum = looks(5).map((k) => obrienFlemingSpent(0.025, k / 5));
    const inc = cum.map((c, k) => c - (k ? cum[k - 1] : 0));
    const bounds = spendingBoundaries(looks(5), inc);
    [4.8769, 3.3569, 2.6803, 2.2898, 2.031].forEach((b, k) => {
      expect(Math.abs(bounds[k] - b)).toBeLessThan(2e-4);
    });
  });

  it('spends exactly what it is given at each look, whatever the spacing', () => {
    const info = [1, 3, 4, 9, 10, 16];
    const inc = [1e-9, 2e-6, 1e-4, 0.002, 0.001, 0.004];
    const bounds = spendingBoundaries(info, inc);
    const crossed = upperCrossing(info, bounds);
    crossed.forEach((p, k) => expect(p / inc[k]).toBeCloseTo(1, 6));
  });

  it('gives a look that spends nothing an infinite boundary', () => {
    expect(spendingBoundaries([1, 2], [0.001, 0])[1]).toBe(Infinity);
  });

  it('keeps the false-crossing rate at alpha in a seeded simulation of Brownian motion', () => {
    // Independent of the integration: 100,000 paths of 10 looks, unequal increments. The
    // standard error of a rate of 0.05 is 0.0007; the tolerance is 3 of them.
    const info = [1, 2, 3, 5, 6, 7, 8, 10, 11, 12];
    const cum = info.map((i) => obrienFlemingSpent(0.05, i / 12));
    const bounds = spendingBoundaries(
      info,
      cum.map((c, k) => c - (k ? cum[k - 1] : 0)),
    );
    const uniform = makeRandom(20240613);
    const gauss = (): number =>
      Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    const paths = 100_000;
    let crossed = 0;
    for (let n = 0; n < paths; n++) {
      let s = 0;
      for (let k = 0; k < info.length; k++) {
        s += gauss() * Math.sqrt(info[k] - (k ? info[k - 1] : 0));
        if (s / Math.sqrt(info[k]) > bounds[k]) {
          crossed++;
          break;
        }
      }
    }
    expect(Math.abs(crossed / paths - 0.05)).toBeLessThan(0.0021);
  });
});

describe('sequentialLook', () => {
  const plan: SequentialPlan = { alpha: 0.005, plannedInfo: 10, maxInfo: 30, extending: false };
  const run = (p: SequentialPlan, infos: number[]) => {
    let history = { before: 0, looks: [] as SpentLook[] };
    return infos.map((i) => {
      const look = sequentialLook(p, history, { info: i, elapsed: i });
      history = look.history;
      return look;
    });
  };

  it('spends the whole share by the planned end, none kept back for an extension', () => {
    const out = run(plan, looks(10));
    expect(out[9].history.looks[9].spent).toBe(0.005);
    // Twice the union bound's last level, alpha(1) - alpha(0.9).
    const unionLast = 0.005 - obrienFlemingSpent(0.005, 0.9);
    expect(out[9].level).toBeGreaterThan(2 * unionLast);
    // And the whole bake errs with probability alpha, not less.
    const info = out.map((o) => o.history.looks.at(-1)!.info);
    expect(
      sum(
        upperCrossing(
          info,
          out.map((o) => o.boundary),
        ),
      ),
    ).toBeCloseTo(0.005, 7);
  });

  it('spends nothing more past the planned end when the bake was not thin', () => {
    const out = run(plan, [...looks(10), 12, 15]);
    expect(out[10].level).toBe(0);
    expect(out[11].level).toBe(0);
  });

  it('spends over max-bake-time while too few requests came to pass at bake-time', () => {
    const thin = { ...plan, extending: true };
    const out = run(thin, looks(30));
    // Spent by the planned end: alpha(10/30), so the extension has the rest.
    expect(out[9].history.looks.at(-1)!.spent).toBeCloseTo(obrienFlemingSpent(0.005, 1 / 3), 12);
    expect(out[29].history.looks.at(-1)!.spent).toBe(0.005);
    expect(out[29].level).toBeGreaterThan(0);
  });

  it('jumps to the planned spending once enough requests have come, never back down', () => {
    let history = { before: 0, looks: [] as SpentLook[] };
    for (let i = 1; i <= 4; i++)
      history = sequentialLook({ ...plan, extending: true }, history, {
        info: i,
        elapsed: i,
      }).history;
    const look = sequentialLook(plan, history, { info: 5, elapsed: 5 });
    expect(look.history.looks.at(-1)!.spent).toBeCloseTo(obrienFlemingSpent(0.005, 0.5), 12);
    const info = look.history.looks.map((l) => l.info);
    const bounds = spendingBoundaries(
      info,
      look.history.looks.map((l, k) => l.spent - (k ? look.history.looks[k - 1].spent : 0)),
    );
    expect(sum(upperCrossing(info, bounds))).toBeCloseTo(obrienFlemingSpent(0.005, 0.5), 9);
  });

  it('takes no look without new evidence, or with less than 5% more before the planned end', () => {
    const big = { ...plan, plannedInfo: 100, maxInfo: 100 };
    const out = run(big, [20, 20, 20.5, 21, 99, 100]);
    expect(out[1].level).toBe(0);
    expect(out[2].level).toBe(0);
    expect(21 / 20).toBeGreaterThanOrEqual(MIN_GROWTH);
    expect(out[3].level).toBeGreaterThan(0);
    // 100 is under 5% more than 99, but it is the planned end: a look, with the rest of alpha.
    expect(out[5].history.looks.at(-1)!.spent).toBe(0.005);
  });

  it('starts a new sequence when the statistic starts counting elsewhere, what was spent kept', () => {
    // A traffic share counted from a new weight: its looks no longer see the old evidence.
    let history: LookHistory = { before: 0, looks: [] };
    for (const i of [1, 2, 3])
      history = sequentialLook(plan, history, { info: i, elapsed: i, from: 0 }).history;
    const spent = history.looks.at(-1)!.spent;
    const look = sequentialLook(plan, history, { info: 1, elapsed: 4, from: 3 });
    expect(look.history.before).toBe(spent);
    expect(look.history.looks).toHaveLength(1);
    // A fresh single look: tested at what it adds, the union bound with the old looks.
    expect(look.level).toBeCloseTo(obrienFlemingSpent(0.005, 0.4) - spent, 12);
  });

  it('spends over bake time while the correlation follows the statistic’s own periods', () => {
    const a = sequentialLook(plan, { before: 0, looks: [] }, { info: 4, elapsed: 5 });
    expect(a.history.looks[0].spent).toBeCloseTo(obrienFlemingSpent(0.005, 0.5), 12);
  });

  it('counts what a resumed run may have spent as spent', () => {
    const before = obrienFlemingSpent(0.005, 0.9);
    const look = sequentialLook(plan, { before, looks: [] }, { info: 10, elapsed: 10 });
    expect(look.level).toBeCloseTo(0.005 - obrienFlemingSpent(0.005, 0.9), 12);
  });
});
