// Repeated looks during one bake must not each get the full false-rollback budget: ten
// looks at 1% each would roll back a good version far more often than 1%. The budget is
// spent over the bake with the Lan-DeMets O'Brien-Fleming-type spending function
// (Lan & DeMets 1983, Biometrika 70:659; gsDesign's sfLDOF), which keeps almost all of it
// for the end, when the canary has served the most requests. Each look is tested at the
// budget spent since the previous look; by the union bound the chance of any false
// rollback over the whole bake is at most the total, whatever the number of looks, their
// correlation or the small counts of the first minutes (conservative, but exact).
import { normalQuantile, normalUpperTail } from './normal.js';

/** alpha(t) = 2 - 2·Φ(z_{1-alpha/2} / √t) for information fraction t in [0, 1]. */
export function obrienFlemingSpent(alpha: number, t: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return alpha;
  const z = normalQuantile(1 - alpha / 2);
  return 2 * normalUpperTail(z / Math.sqrt(t));
}

export interface SpendingPlan {
  /** The false-rollback budget of the whole bake (the `significance` input). */
  alpha: number;
  /** The planned bake (bake-time), ms. */
  plannedMs: number;
  /** The longest bake (max-bake-time), ms; >= plannedMs. */
  maxMs: number;
}

/**
 * Budget kept for looks after the planned bake, when the bake extends to gather enough
 * requests: a fifth, spent evenly up to max-bake-time. With no extension possible the
 * planned bake gets it all.
 */
export const EXTENSION_SHARE = 0.2;

/** The budget spent by the time the evidence covers `elapsedMs` of the bake. */
export function spentBy(plan: SpendingPlan, elapsedMs: number): number {
  const extension = plan.maxMs > plan.plannedMs ? EXTENSION_SHARE : 0;
  const main = plan.alpha * (1 - extension);
  const inPlan = obrienFlemingSpent(main, Math.min(1, elapsedMs / plan.plannedMs));
  if (extension === 0 || elapsedMs <= plan.plannedMs) return inPlan;
  const late = Math.min(1, (elapsedMs - plan.plannedMs) / (plan.maxMs - plan.plannedMs));
  return main + plan.alpha * extension * late;
}

/** The level a look at `elapsedMs` is tested at, given the previous look at `previousMs`. */
export function lookLevel(plan: SpendingPlan, previousMs: number, elapsedMs: number): number {
  return Math.max(0, spentBy(plan, elapsedMs) - spentBy(plan, previousMs));
}

/**
 * Even spending, for a test that looks at a moving window (the last few periods) rather
 * than at evidence that accumulates: each stretch of evidence time gets the same part of
 * the budget, alpha · (elapsed / horizon), so the union bound over looks still holds.
 */
export function evenLevel(
  alpha: number,
  horizonMs: number,
  previousMs: number,
  elapsedMs: number,
): number {
  const at = (ms: number): number => alpha * Math.min(1, Math.max(0, ms) / horizonMs);
  return Math.max(0, at(elapsedMs) - at(previousMs));
}
