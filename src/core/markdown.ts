// Job summaries are read by people deciding under pressure: a verdict sentence first,
// then evidence as a table, then a chart where a picture is clearer than numbers.

/** Escapes a value for a Markdown table cell. */
export function cell(value: unknown): string {
  return String(value ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

export function table(headers: string[], rows: unknown[][]): string {
  const head = `| ${headers.map(cell).join(' | ')} |`;
  const rule = `| ${headers.map(() => '---').join(' | ')} |`;
  const body = rows.map((r) => `| ${r.map(cell).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

export interface Series {
  name: string;
  values: number[];
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
  const quote = (s: string): string => `"${s.replace(/"/g, "'")}"`;
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
  if (series.length > 1) lines.push(`Lines, in order: ${series.map((s) => s.name).join(', ')}.`);
  return lines.join('\n');
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
  const out = [`## ${parts.title}`, '', `**${parts.verdict}**`, ''];
  for (const section of parts.sections) {
    if (section.heading) out.push(`### ${section.heading}`, '');
    out.push(section.body, '');
  }
  return out.join('\n');
}
