// Job summaries are read by people deciding under pressure: a verdict sentence first,
// then evidence as a table, then a chart where a picture is clearer than numbers.

/**
 * A value as inline Markdown text that shows as written and cannot break out of where it
 * stands: alarm reasons, issue titles and AWS messages are not the suite's, and a pipe ends
 * a table cell, a newline ends the row or the bold verdict, a backtick opens a code span
 * (three end the mermaid fence) and `<` opens HTML. A backslash is escaped too: `\\|` would
 * otherwise become an escaped backslash and a live pipe.
 */
export function inline(value: unknown): string {
  return String(value ?? '')
    .replace(/[\\|`]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

export function table(headers: string[], rows: unknown[][]): string {
  const head = `| ${headers.map(inline).join(' | ')} |`;
  const rule = `| ${headers.map(() => '---').join(' | ')} |`;
  const body = rows.map((r) => `| ${r.map(inline).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

export interface Series {
  name: string;
  /** One value per x label; NaN (or any non-finite value) where there was no data. */
  values: number[];
}

/** A bulleted list of untrusted lines, each kept to its item. */
export function bullets(items: unknown[]): string {
  return items.map((item) => `- ${inline(item)}`).join('\n');
}

/**
 * The most points a chart should hold: beyond about 60 the labels of a summary-wide chart
 * overlap and the line reads as noise. Callers merge periods (or sample more coarsely) to
 * stay under it.
 */
export const MAX_CHART_POINTS = 60;

export interface ChartOptions {
  /** The top of the y axis; by default a little over the highest value. */
  yMax?: number;
  /** Under the x axis: what one point stands for ("one point per 5m"). */
  xTitle?: string;
}

/**
 * A mermaid xychart line chart. Labels are shortened and values rounded so the chart
 * stays readable and the summary stays well under its 1 MiB cap.
 *
 * Periods without data are left out, never drawn as 0: a silent period is not "0% errors".
 * xychart-beta cannot draw a gap. Its grammar takes a line as a plain list of numbers
 * (no null, no empty slot, no x per point), the i-th number is drawn at the i-th x label,
 * and the line is one unbroken path; a second `line` statement always starts at the first
 * label, so a line cannot be split either. What it can do is leave a column out: so an x
 * label where any line has no value is dropped from the axis and from every line, a line
 * with no value at all is not drawn, and the sentence under the chart names both. The
 * labels stay the periods' own, so the skip shows on the axis too.
 */
export function lineChart(
  title: string,
  xLabels: string[],
  yLabel: string,
  series: Series[],
  options: ChartOptions = {},
): string {
  const quote = (s: string): string => `"${label(s)}"`;
  const has = (s: Series, i: number): boolean => Number.isFinite(s.values[i]);
  const drawn = series.filter((s) => xLabels.some((_, i) => has(s, i)));
  const silent = series.filter((s) => !drawn.includes(s));
  const keep = xLabels.map((_, i) => i).filter((i) => drawn.every((s) => has(s, i)));
  const notes: string[] = [];
  for (const s of silent) notes.push(`${inline(s.name)} had no data at any point: not drawn.`);
  for (const s of drawn) {
    const gaps = xLabels.map((_, i) => i).filter((i) => !has(s, i));
    if (gaps.length)
      notes.push(
        `${inline(s.name)} had no data at ${spans(xLabels, gaps)}: left out of the chart, not drawn as 0.`,
      );
  }
  // One point is no line: mermaid draws nothing visible for it.
  if (keep.length < 2) return [...notes, 'Too few points with data to draw a chart.'].join(' ');
  const all = drawn.flatMap((s) => keep.map((i) => s.values[i]));
  const top = options.yMax ?? Math.max(1e-9, ...all) * 1.1;
  const xTitle = options.xTitle ? `${quote(options.xTitle)} ` : '';
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title ${quote(title)}`,
    `  x-axis ${xTitle}[${keep.map((i) => quote(xLabels[i])).join(', ')}]`,
    `  y-axis ${quote(yLabel)} 0 --> ${round(top)}`,
    ...drawn.map((s) => `  line [${keep.map((i) => round(s.values[i])).join(', ')}]`),
    '```',
  ];
  if (drawn.length > 1)
    lines.push(`Lines, in order: ${drawn.map((s) => inline(s.name)).join(', ')}.`);
  if (notes.length) lines.push('', notes.join(' '));
  return lines.join('\n');
}

/** Indices as their labels, runs of neighbours as "a to b": "10:03 to 10:07, 10:09". */
function spans(labels: string[], indices: number[]): string {
  const runs: [number, number][] = [];
  for (const i of indices) {
    const last = runs.at(-1);
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs
    .map(([a, b]) => (a === b ? inline(labels[a]) : `${inline(labels[a])} to ${inline(labels[b])}`))
    .join(', ');
}

/**
 * Text for a quoted mermaid label: one line (a newline ends the statement), no quote (it
 * ends the label), no backtick (three end the fence) and no tag (mermaid renders HTML).
 */
function label(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/"/g, "'").replace(/[`<>]/g, '');
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export interface SummaryParts {
  title: string;
  verdict: string;
  sections: { heading?: string; body: string }[];
}

export function summary(parts: SummaryParts): string {
  // Title, verdict and headings carry versions, names and reasons: escaped like a cell.
  // Bodies are Markdown the caller built (tables, lists, charts) from escaped parts.
  const out = [`## ${inline(parts.title)}`, '', `**${inline(parts.verdict)}**`, ''];
  for (const section of parts.sections) {
    if (section.heading) out.push(`### ${inline(section.heading)}`, '');
    out.push(section.body, '');
  }
  return out.join('\n');
}
