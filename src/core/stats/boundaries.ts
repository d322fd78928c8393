// Group-sequential boundaries for looks that see the same growing evidence. The z statistic
// of a count test at look k, Z_k, is (to the normal approximation) a Brownian motion read at
// its information I_k: Z_k·√I_k has independent increments, so corr(Z_j, Z_k) = √(I_j/I_k).
// A union bound over looks ignores that correlation and wastes budget; this computes, under
// H0, the probability of first crossing each boundary exactly (to the grid's accuracy), by
// the recursive numerical integration of Armitage, McPherson & Rowe (1969, JRSS A 132:235)
// as laid out in Jennison & Turnbull, "Group Sequential Methods" (2000), ch. 19: the
// sub-density of Z_k on the continuation region, for the paths that have not stopped yet,
// is the previous one convolved with the Gaussian kernel of the increment, integrated by
// Simpson's rule on a grid that puts points on the region's ends.
import { normalQuantile, normalUpperTail } from './normal.js';

/**
 * Grid step in z, about J&T's r = 16 grid near the mean. Halving it moves the boundaries of
 * a 50-look design by under 1e-6 (checked when this was written).
 */
const STEP = 0.05;
/**
 * The grid's reach: below -8 and above 10 lies less than 1e-15 of the mass, and a path down
 * there does not come back to cross a boundary above 2 in any bake.
 */
const LOW = -8;
const HIGH = 10;

interface Stage {
  info: number;
  /** Grid points, Simpson weights and the sub-density of the paths still going. */
  z: Float64Array;
  w: Float64Array;
  f: Float64Array;
}

function simpsonGrid(lo: number, hi: number): { z: Float64Array; w: Float64Array } {
  const n = Math.max(2, 2 * Math.ceil((hi - lo) / (2 * STEP)));
  const h = (hi - lo) / n;
  const z = new Float64Array(n + 1);
  const w = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    z[i] = lo + i * h;
    w[i] = ((i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * h) / 3;
  }
  return { z, w };
}

const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/**
 * P(Z_k beyond c, not stopped before) given the previous stage, for the look at `info`:
 * above c for the upper boundary (side 1), below it for a lower one (side -1).
 */
function crossing(prev: Stage, info: number, c: number, side: 1 | -1 = 1): number {
  const sd = Math.sqrt(info - prev.info);
  const a = Math.sqrt(info);
  const b = Math.sqrt(prev.info);
  let p = 0;
  for (let i = 0; i < prev.z.length; i++)
    p += prev.w[i] * prev.f[i] * normalUpperTail((side * (c * a - prev.z[i] * b)) / sd);
  return p;
}

/** The sub-density at look k on (lower, upper), from the previous stage (or φ at look 1). */
function nextStage(prev: Stage | undefined, info: number, lower: number, upper: number): Stage {
  const { z, w } = simpsonGrid(Math.max(LOW, lower), Math.min(HIGH, upper));
  const f = new Float64Array(z.length);
  if (!prev) {
    for (let j = 0; j < z.length; j++) f[j] = phi(z[j]);
    return { info, z, w, f };
  }
  const sd = Math.sqrt(info - prev.info);
  const a = Math.sqrt(info);
  const b = Math.sqrt(prev.info);
  const wf = prev.w.map((w, i) => w * prev.f[i]);
  const lo = prev.z[0];
  const h = prev.z.length > 1 ? prev.z[1] - prev.z[0] : 1;
  const ra = a / sd;
  const rb = b / sd;
  for (let j = 0; j < z.length; j++) {
    // Only the previous points within 10 sd of the kernel's centre add anything (φ(10) is
    // 2e-22 of φ(0)): the sum runs over those.
    const from = Math.max(0, Math.floor(((z[j] * a - 10 * sd) / b - lo) / h));
    const to = Math.min(prev.z.length - 1, Math.ceil(((z[j] * a + 10 * sd) / b - lo) / h));
    const c = z[j] * ra;
    let s = 0;
    for (let i = from; i <= to; i++) {
      const x = c - prev.z[i] * rb;
      s += wf[i] * Math.exp(-0.5 * x * x);
    }
    f[j] = (s * ra) / Math.sqrt(2 * Math.PI);
  }
  return { info, z, w, f };
}

function checkInfo(info: readonly number[]): void {
  for (let k = 0; k < info.length; k++)
    if (!(info[k] > (k ? info[k - 1] : 0)))
      throw new RangeError(`information must increase from look to look: ${info.join(', ')}`);
}

/**
 * Under H0, the probability that the path first leaves the continuation region
 * (lower_k, upper_k) at look k, through the upper boundary and through the lower one, for
 * each k. `lower` absent: no lower boundary (one-sided, the bake's case; a lower one is
 * for checking two-sided designs against tables). Information in any unit: only ratios
 * count.
 */
export function crossingProbabilities(
  info: readonly number[],
  upper: readonly number[],
  lower?: readonly number[],
): { upper: number[]; lower: number[] } {
  checkInfo(info);
  const out = { upper: [] as number[], lower: [] as number[] };
  let stage: Stage | undefined;
  for (let k = 0; k < info.length; k++) {
    const lo = lower ? lower[k] : -Infinity;
    out.upper.push(stage ? crossing(stage, info[k], upper[k]) : normalUpperTail(upper[k]));
    out.lower.push(stage ? crossing(stage, info[k], lo, -1) : 1 - normalUpperTail(lo));
    stage = nextStage(stage, info[k], lo, upper[k]);
  }
  return out;
}

/**
 * Stages already computed, by the looks that led to them. A bake recomputes its boundaries
 * at every look from its whole history (judge() is pure); the history only grows, so each
 * look costs one new stage. The bench's thousands of bakes share most histories.
 */
const memo = new Map<string, { stage: Stage; bound: number }>();
const MEMO_MAX = 20_000;

/**
 * The one-sided boundaries c_1..c_K (z scale) such that, under H0, the chance of first
 * crossing at look k is exactly increments[k] (Lan & DeMets 1983: the alpha a spending
 * function adds at that look). c_k depends on looks 1..k only, so a boundary can be computed
 * when its look happens, knowing nothing of later ones. An increment of 0 gives +Infinity:
 * that look cannot fail. With one look, c_1 is the fixed-sample z of the increment.
 */
export function spendingBoundaries(
  info: readonly number[],
  increments: readonly number[],
): number[] {
  checkInfo(info);
  const bounds: number[] = [];
  let stage: Stage | undefined;
  let key = '';
  for (let k = 0; k < info.length; k++) {
    key += `${info[k]}:${increments[k]};`;
    let hit = memo.get(key);
    if (!hit) {
      const bound = boundaryFor(stage, info[k], increments[k]);
      hit = { stage: nextStage(stage, info[k], -Infinity, bound), bound };
      if (memo.size >= MEMO_MAX) memo.clear();
      memo.set(key, hit);
    }
    bounds.push(hit.bound);
    stage = hit.stage;
  }
  return bounds;
}

function boundaryFor(prev: Stage | undefined, info: number, increment: number): number {
  if (!(increment > 0)) return Infinity;
  // -quantile(p), not quantile(1 - p): 1 - 1e-19 is 1 in floating point.
  if (!prev) return -normalQuantile(increment);
  // The crossing probability falls as c rises; bisect on its logarithm, which is smooth.
  const target = Math.log(increment);
  let lo = -10;
  let hi = 40;
  if (crossing(prev, info, lo) <= increment) return lo;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    const p = crossing(prev, info, mid);
    if (p > 0 && Math.log(p) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
