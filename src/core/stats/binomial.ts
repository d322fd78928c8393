// The error-rate test. Errors are counts, so the test is the exact conditional binomial
// test for two Poisson rates (Przyborowski & Wilenski 1940; Lehmann & Romano, Testing
// Statistical Hypotheses, §4.5): given x = xNew + xBase errors in all, under the null
// "the new version's rate is at most `ratio` times the baseline's" the new version's share
// of the errors is Binomial(x, pi0) with pi0 = ratio·nNew / (ratio·nNew + nBase).
// Exact, so it stays valid at the handful of requests a low-traffic canary gets in its
// first minutes, where the normal approximation of prop.test is not.
import { gammaln } from 'simple-statistics';

/** P(X >= k) for X ~ Binomial(n, p), summed exactly in log space (gammaln: Lanczos). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lnP = Math.log(p);
  const lnQ = Math.log1p(-p);
  // The first term from gammaln, the next ones by the ratio of successive terms, still in
  // log space (a term can underflow where its successors do not): the judge computes this
  // at every poll, over thousands of terms for the traffic share.
  let lnTerm = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * lnP + (n - k) * lnQ;
  const lnOdds = lnP - lnQ;
  let total = 0;
  for (let j = k; j <= n; j++) {
    if (j > k) lnTerm += Math.log((n - j + 1) / j) + lnOdds;
    const term = Math.exp(lnTerm);
    total += term;
    // Terms past the mode only shrink; stop once they no longer change the sum.
    if (j > n * p && term < total * 1e-17) break;
  }
  return Math.min(1, total);
}

/**
 * P(X <= k) for X ~ Binomial(n, p), as the upper tail of the failures (n - X ~
 * Binomial(n, 1 - p)): summed directly, it keeps its precision at the 1e-12 levels early
 * looks are tested at, where 1 - P(X > k) would round to 0.
 */
export function binomialLowerTail(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return binomialUpperTail(n - k, n, 1 - p);
}

export interface RateComparison {
  /** Events (errors) and trials (invocations) of the new version. */
  xNew: number;
  nNew: number;
  xBase: number;
  nBase: number;
  /** The minimum effect as a ratio: 1.2 tests "more than 20% worse than the baseline". */
  ratio: number;
}

export interface RateTest {
  /** One-sided exact p-value of "no worse than ratio × baseline". 1 when there is no evidence. */
  pValue: number;
  /** The new version's expected share of the errors under the null. */
  pi0: number;
  /** Errors in all, the binomial's n. */
  events: number;
  rateNew: number;
  rateBase: number;
}

export function compareRates(c: RateComparison): RateTest {
  const rateNew = c.nNew > 0 ? c.xNew / c.nNew : NaN;
  const rateBase = c.nBase > 0 ? c.xBase / c.nBase : NaN;
  const events = c.xNew + c.xBase;
  if (c.nNew <= 0 || c.nBase <= 0 || events === 0) {
    return { pValue: 1, pi0: NaN, events, rateNew, rateBase };
  }
  const pi0 = (c.ratio * c.nNew) / (c.ratio * c.nNew + c.nBase);
  return { pValue: binomialUpperTail(c.xNew, events, pi0), pi0, events, rateNew, rateBase };
}
