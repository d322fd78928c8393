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
  values: number[];
}

/** A bulleted list of untrusted lines, each kept to its item. */
export function bullets(items: unknown[]): string {
  return items.map((item) => `- ${inline(item)}`).join('\n');
}

/**
 * A mermaid xychart line chart. Labels are shortened and values rounded so the chart
 * stays readable and the summary stays well under its 1 MiB cap.
 */
export function lineChart(
  title: string,
  xLabels: string[],
  yLabel: string,
  series: Series[],
  yMax?: number,
): string {
  const quote = (s: string): string => `"${label(s)}"`;
  const all = series.flatMap((s) => s.values).filter((v) => Number.isFinite(v));
  const top = yMax ?? Math.max(1e-9, ...all) * 1.1;
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title ${quote(title)}`,
    `  x-axis [${xLabels.map(quote).join(', ')}]`,
    `  y-axis ${quote(yLabel)} 0 --> ${round(top)}`,
    ...series.map(
      (s) => `  line [${s.values.map((v) => (Number.isFinite(v) ? round(v) : 0)).join(', ')}]`,
    ),
    '```',
  ];
  if (series.length > 1)
    lines.push(`Lines, in order: ${series.map((s) => inline(s.name)).join(', ')}.`);
  return lines.join('\n');
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
