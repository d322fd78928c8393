// Repeated looks during one bake must not each get the full false-rollback budget: ten
// looks at 1% each would roll back a good version far more often than 1%. A test whose
// evidence accumulates (the counts since the bake started) spends its budget over the bake
// with the Lan-DeMets O'Brien-Fleming-type spending function (Lan & DeMets 1983, Biometrika
// 70:659; gsDesign's sfLDOF), which keeps almost all of it for the end, when the canary has
// served the most requests. The looks see the same growing evidence, so they are strongly
// correlated: each look's boundary is the group-sequential one (boundaries.ts) that makes
// the chance of a first false crossing at that look exactly what the spending function adds
// there, so the whole budget is spent over the looks that actually happen. A union bound
// would test each look at that increment and lose most of the last looks' power.
//
// The exact count tests meet a z boundary c_k the usual way: they are run at the nominal
// level 1 - Φ(c_k). The boundaries hold for the normal approximation of the counts; with
// few events the exact tests are conservative, and the bench measures the whole verdict.
import { spendingBoundaries } from './boundaries.js';
import { normalQuantile, normalUpperTail } from './normal.js';

/** alpha(t) = 2 - 2·Φ(z_{1-alpha/2} / √t) for information fraction t in [0, 1]. */
export function obrienFlemingSpent(alpha: number, t: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return alpha;
  const z = normalQuantile(1 - alpha / 2);
  return 2 * normalUpperTail(z / Math.sqrt(t));
}

/** One look a sequential test took: what it had seen and the budget spent by then. */
export interface SpentLook {
  info: number;
  elapsed: number;
  spent: number;
}

/** A check's looks so far, carried from one judgement to the next. */
export interface LookHistory {
  /**
   * Spent before the first of `looks` by looks not listed (a shift resumed from another
   * run, an earlier segment): counted as spent, by the union bound, and never spent again.
   */
  before: number;
  looks: SpentLook[];
  /** Where the looks' statistic starts counting, epoch ms (see LookEvidence.from). */
  from?: number;
}

/** What a look has seen. */
export interface LookEvidence {
  /** The statistic's information: the periods it counts. */
  info: number;
  /** Bake periods published: what the budget is spent over, in plannedInfo's unit. */
  elapsed: number;
  /**
   * Where the statistic starts counting (the traffic share counts from the weight it was
   * routed): a statistic that starts again elsewhere is new evidence, independent of the
   * old, so its looks start a new sequence, and the budget already spent stays spent.
   */
  from?: number;
}

export interface SequentialPlan {
  /** The check's share of the false-rollback budget. */
  alpha: number;
  /** Metric periods in bake-time: the bake the budget is planned over. */
  plannedInfo: number;
  /** Metric periods by max-bake-time; >= plannedInfo. */
  maxInfo: number;
  /**
   * The bake cannot end at its planned end on this evidence (too few requests), so it will
   * extend to max-bake-time: see sequentialLook.
   */
  extending: boolean;
}

/** sequentialLook's rule, as the decision log states it. */
export const SPENDING_RULE =
  'Each test whose evidence accumulates (error-rate, throttle-rate, duration-p99, traffic-share) ' +
  "spends its share of significance with the Lan-DeMets O'Brien-Fleming spending function over " +
  'the metric periods of bake-time, at group-sequential boundaries computed for the looks that ' +
  'happened (their correlation included), and runs its exact test at the nominal level of each ' +
  'boundary. The whole share is spent by the end of bake-time; none is kept for an extension. ' +
  'While the new version has served fewer than min-invocations requests (so the bake will ' +
  'extend), the spending runs over max-bake-time instead, leaving the extension budget; this ' +
  'depends on request counts only. Alias traffic, a moving window, spends evenly (union bound).';

/**
 * A look is a new boundary only once the evidence has grown by 5% since the last one (and
 * always on reaching the planned end or the horizon): every period of a usual bake is a
 * look, while a bake of thousands of periods takes a couple of hundred, and the grid stays
 * finer than the smallest increment (its sd in z is at least √0.05).
 */
export const MIN_GROWTH = 1.05;

export interface SequentialLook {
  /** The nominal level this look's test runs at: 1 - Φ(boundary); 0 when it spends nothing. */
  level: number;
  /** The z boundary; Infinity when the look spends nothing. */
  boundary: number;
  history: LookHistory;
}

/**
 * The look at `seen`. Spending runs on bake time against the planned bake:
 * alpha(min(1, elapsed / plannedInfo)), all of it by the end of bake-time, so a usual bake
 * keeps nothing back for an extension it does not take. An extension past bake-time is
 * taken only when there are too few requests to pass: then `extending` makes the horizon
 * max-bake-time instead, alpha(elapsed / maxInfo), and the looks of the extension have
 * budget left to spend. Once enough requests have come, the horizon is bake-time again and
 * the spending jumps up to it (never down: what is spent stays spent). Whether the bake
 * extends depends on request counts only, never on the errors or slow calls the test
 * counts, and a spending plan may change on such information without touching the level
 * (each boundary is computed from the increments actually spent, which add up to at most
 * alpha). The looks' correlation comes from the statistic's own information, `info`.
 */
export function sequentialLook(
  plan: SequentialPlan,
  past: LookHistory,
  seen: LookEvidence,
): SequentialLook {
  const restart = past.looks.length > 0 && past.from !== seen.from;
  const history: LookHistory = restart
    ? { before: past.looks[past.looks.length - 1].spent, looks: [], from: seen.from }
    : { ...past, from: seen.from };
  const none = { level: 0, boundary: Infinity, history };
  const { info, elapsed } = seen;
  const last = history.looks[history.looks.length - 1];
  const lastSpent = last?.spent ?? history.before;
  if (!(info > 0) || (last && info <= last.info)) return none;
  const lastElapsed = last?.elapsed ?? 0;
  const reachesEnd = (end: number): boolean =>
    elapsed >= end && last !== undefined && lastElapsed < end;
  const due = reachesEnd(plan.plannedInfo) || (plan.extending && reachesEnd(plan.maxInfo));
  if (last && info < last.info * MIN_GROWTH && !due) return none;
  const horizon = plan.extending ? plan.maxInfo : plan.plannedInfo;
  const spent = Math.max(lastSpent, obrienFlemingSpent(plan.alpha, Math.min(1, elapsed / horizon)));
  if (!(spent > lastSpent)) return none;
  const looks = [...history.looks, { info, elapsed, spent }];
  const increments = looks.map((l, k) => l.spent - (k ? looks[k - 1].spent : history.before));
  const bounds = spendingBoundaries(
    looks.map((l) => l.info),
    increments,
  );
  const boundary = bounds[bounds.length - 1];
  return { level: normalUpperTail(boundary), boundary, history: { ...history, looks } };
}

/** The budget spent by `elapsed` bake periods with no earlier look (a resumed run's). */
export function spentBefore(
  plan: Pick<SequentialPlan, 'alpha' | 'plannedInfo'>,
  elapsed: number,
): number {
  return obrienFlemingSpent(plan.alpha, Math.min(1, Math.max(0, elapsed) / plan.plannedInfo));
}

/**
 * Even spending, for a test that looks at a moving window (the last few periods) rather
 * than at evidence that accumulates: each stretch of evidence time gets the same part of
 * the budget, alpha · (elapsed / horizon), so the union bound over looks still holds.
 * (Group-sequential boundaries need the looks' correlation, which a window that moves on
 * does not have in the Brownian form; the union bound needs none.)
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
