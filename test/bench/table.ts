import { binomialLowerTail } from '../../src/core/stats/binomial.js';

/** Prints rows as an aligned plain-text table (numbers right-aligned), for the bench output. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.some((row) => typeof row[i] === 'number'));
  const line = (row: string[]): string =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(cells[0]));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of cells.slice(1)) console.log(line(row));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Exact (Clopper-Pearson) 95% interval of x successes in n, by bisection on the tails. */
export function clopperPearson(x: number, n: number): [number, number] {
  const solve = (f: (p: number) => number): number => {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (f(mid) > 0) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const lower =
    x === 0 ? 0 : solve((p) => (1 - binomialLowerTail(x - 1, n, p) - 0.025 < 0 ? 1 : -1));
  const upper = x === n ? 1 : solve((p) => (binomialLowerTail(x, n, p) > 0.025 ? 1 : -1));
  return [lower, upper];
}

/** "1.23% [0.95, 1.60]": a rate with its exact 95% interval. */
export const pct = (x: number, n: number): string => {
  const [lo, hi] = clopperPearson(x, n);
  const f = (v: number): string => (100 * v).toFixed(v < 0.1 ? 2 : 1);
  return `${f(x / n)}% [${f(lo)}, ${f(hi)}]`;
};
