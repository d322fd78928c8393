// The statistics behind the error-rate verdict, checked against values computed
// independently: exact rational arithmetic (BigInt) for the binomial tails, and published
// normal-table / gsDesign values for the normal functions and the spending function (the
// boundaries it is spent at are in test/unit/core/stats/boundaries.test.ts).
import { describe, expect, it } from '@jest/globals';
import {
  binomialLowerTail,
  binomialUpperTail,
  compareRates,
} from '../../../../src/core/stats/binomial.js';
import { normalQuantile, normalUpperTail } from '../../../../src/core/stats/normal.js';
import { obrienFlemingSpent } from '../../../../src/core/stats/spending.js';

/** P(X >= k), X ~ Binomial(n, num/den), as an exact fraction turned into a float at the end. */
function exactTail(k: number, n: number, num: bigint, den: bigint): number {
  const choose = (a: number, b: number): bigint => {
    let r = 1n;
    for (let i = 1; i <= b; i++) r = (r * BigInt(a - b + i)) / BigInt(i);
    return r;
  };
  let top = 0n;
  for (let j = k; j <= n; j++)
    top += choose(n, j) * num ** BigInt(j) * (den - num) ** BigInt(n - j);
  const bottom = den ** BigInt(n);
  // A 1e60 fixed point keeps full double precision for tails far below any level used.
  return Number((top * 10n ** 60n) / bottom) / 1e60;
}

describe('binomialUpperTail', () => {
  it.each([
    [5, 14, 1n, 10n],
    [2, 20, 1n, 100n],
    [26, 144, 1n, 10n],
    [1, 3, 1n, 2n],
    [40, 60, 1n, 4n],
  ])('P(X >= %i | n=%i, p=%i/%i) matches exact rational arithmetic', (k, n, num, den) => {
    const expected = exactTail(k, n, num, den);
    expect(binomialUpperTail(k, n, Number(num) / Number(den))).toBeCloseTo(expected, 12);
    if (expected > 1e-12)
      expect(
        Math.abs(binomialUpperTail(k, n, Number(num) / Number(den)) / expected - 1),
      ).toBeLessThan(1e-9);
  });

  it('is 1 for k <= 0 and 0 past n', () => {
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
  });
});

describe('binomialLowerTail', () => {
  it.each([
    [0, 100, 1n, 20n],
    [3, 200, 1n, 20n],
    [50, 1000, 1n, 20n],
    [9, 14, 1n, 2n],
    [2, 600, 1n, 20n],
  ])('P(X <= %i | n=%i, p=%i/%i) matches exact rational arithmetic', (k, n, num, den) => {
    // P(X <= k) = P(n - X >= n - k), n - X ~ Binomial(n, 1 - p).
    const expected = exactTail(n - k, n, den - num, den);
    const got = binomialLowerTail(k, n, Number(num) / Number(den));
    expect(got).toBeCloseTo(expected, 12);
    // Relative precision holds far below 1e-12, where 1 - P(X > k) would be 0.
    expect(Math.abs(got / expected - 1)).toBeLessThan(1e-9);
  });

  it('is 0 below 0 and 1 from n on', () => {
    expect(binomialLowerTail(-1, 10, 0.3)).toBe(0);
    expect(binomialLowerTail(10, 10, 0.3)).toBe(1);
  });
});

describe('compareRates (exact conditional test of two Poisson rates)', () => {
  it('uses the new version share of requests as the null probability of an error being its', () => {
    // 1200 requests on the new version, 10800 on the baseline: under "no worse", 10% of the errors are its.
    const t = compareRates({ xNew: 30, nNew: 1200, xBase: 108, nBase: 10800, ratio: 1 });
    expect(t.pi0).toBeCloseTo(0.1, 12);
    expect(t.events).toBe(138);
    expect(t.pValue).toBeCloseTo(binomialUpperTail(30, 138, 0.1), 15);
    expect(t.pValue).toBeLessThan(1e-4);
  });

  it('moves the null by the minimum effect: 20% worse is the null, not just worse', () => {
    // pi0 = 1.2·100 / (1.2·100 + 900) = 120/1020; exact tail of Binomial(20, 2/17) at 5.
    const t = compareRates({ xNew: 5, nNew: 100, xBase: 15, nBase: 900, ratio: 1.2 });
    expect(t.pi0).toBeCloseTo(120 / 1020, 12);
    expect(t.pValue).toBeCloseTo(exactTail(5, 20, 2n, 17n), 12);
  });

  it('gives no evidence (p = 1) when nothing failed or a side served nothing', () => {
    expect(compareRates({ xNew: 0, nNew: 500, xBase: 0, nBase: 5000, ratio: 1 }).pValue).toBe(1);
    expect(compareRates({ xNew: 0, nNew: 0, xBase: 10, nBase: 5000, ratio: 1 }).pValue).toBe(1);
    expect(compareRates({ xNew: 3, nNew: 10, xBase: 0, nBase: 0, ratio: 1 }).pValue).toBe(1);
  });

  it('finds a version failing where the baseline never does', () => {
    // All 5 errors on the version taking 10% of requests: 0.1^5 (exact).
    expect(compareRates({ xNew: 5, nNew: 100, xBase: 0, nBase: 900, ratio: 1 }).pValue).toBeCloseTo(
      1e-5,
      15,
    );
  });
});

describe('normal functions', () => {
  // Values from standard normal tables (Abramowitz & Stegun 26.2; R pnorm/qnorm).
  it.each([
    [1.959963984540054, 0.025],
    [3, 0.0013498980316301],
    [5, 2.866515718791939e-7],
    [8, 6.220960574271785e-16],
    [-1, 0.8413447460685429],
  ])('P(Z > %d) = %d', (z, p) => {
    // Hart's algorithm is good to 1e-15 absolute: relative 1e-7 even at 8 sigma.
    expect(Math.abs(normalUpperTail(z) / p - 1)).toBeLessThan(1e-7);
  });

  it.each([
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489004],
    [0.5, 0],
    [1e-10, -6.361340902404056],
  ])('quantile(%d) = %d', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 7);
  });
});

describe('O’Brien-Fleming-type alpha spending', () => {
  it('matches gsDesign::sfLDOF: alpha 0.025 spends 0.0015253 by half the information', () => {
    // 2·(1 − Φ(2.241403 / √0.5)) = 0.0015253
    expect(obrienFlemingSpent(0.025, 0.5)).toBeCloseTo(0.0015253, 6);
    expect(obrienFlemingSpent(0.025, 1)).toBe(0.025);
    expect(obrienFlemingSpent(0.025, 0)).toBe(0);
  });
});
