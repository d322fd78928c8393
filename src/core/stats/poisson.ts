// The traffic-collapse test. Calls through an alias arrive independently of one another, so
// the count in a stretch of time is Poisson with the alias's rate times its length. A count
// far below the usual is then either a collapse or bad luck, and the lower tail says which.
import { gammaln } from 'simple-statistics';

/**
 * P(X <= k) for X ~ Poisson(lambda), summed term by term in log space: the small tails the
 * tests spend their budget at (1e-5 and below) keep their precision, which 1 - P(X > k)
 * would round away.
 */
export function poissonLowerTail(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return 1;
  const lnL = Math.log(lambda);
  const term = (j: number): number => Math.exp(-lambda + j * lnL - gammaln(j + 1));
  const top = Math.floor(k);
  // Above the mean the tail is large and 1 - P(X > k) loses nothing that matters; summing
  // up from k + 1 stops after a few terms where summing down would take k of them.
  if (top >= lambda) {
    let upper = 0;
    for (let j = top + 1; ; j++) {
      const t = term(j);
      upper += t;
      if (t < upper * 1e-17 || t === 0) break;
    }
    return Math.max(0, 1 - upper);
  }
  let total = 0;
  // From k down: the terms shrink below the mode, so the sum can stop once they stop counting.
  for (let j = top; j >= 0; j--) {
    const t = term(j);
    total += t;
    if (t < total * 1e-17) break;
  }
  return Math.min(1, total);
}
