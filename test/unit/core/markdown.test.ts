// Job summaries hold text the suite did not write (alarm reasons, issue titles, override
// reasons, AWS messages): it shows as written and never breaks the table, the verdict, the
// list or the mermaid fence it stands in.
import { describe, expect, it } from '@jest/globals';
import { bullets, inline, lineChart, summary, table } from '../../../src/core/markdown.js';

const HOSTILE = 'a | b\n| forged | row |\r\n`code` ```\n<img src=x onerror=alert(1)> \\| end';

/** The cells of a Markdown table row, split the way GFM splits them (unescaped pipes). */
function cells(row: string): string[] {
  return row
    .replace(/^\| | \|$/g, '')
    .split(/(?<!\\)((?:\\\\)*)\|/)
    .filter((_, i) => i % 2 === 0)
    .map((cell) => cell.trim());
}

describe('inline', () => {
  it('escapes pipes, backslashes and backticks, opens no tag and keeps to one line', () => {
    const out = inline(HOSTILE);
    expect(out).not.toMatch(/[\r\n]/);
    expect(out).not.toMatch(/(?<!\\)`/);
    expect(out).not.toContain('<img');
    expect(out).toBe(
      'a \\| b<br>\\| forged \\| row \\|<br>\\`code\\` \\`\\`\\`<br>&lt;img src=x onerror=alert(1)> \\\\\\| end',
    );
  });

  it('leaves ordinary text as it is', () => {
    const text = 'Threshold Crossed: 1 datapoint [5.0] was greater than 1.0 (3 -> 4)';
    expect(inline(text)).toBe(text);
  });
});

describe('table', () => {
  it('keeps hostile text in its own cell of its own row', () => {
    const out = table(['Alarm', 'State', 'Reason'], [['orders-errors', 'ALARM', HOSTILE]]);
    const lines = out.split('\n');
    expect(lines).toHaveLength(3);
    expect(cells(lines[2])).toHaveLength(3);
    expect(cells(lines[2])[0]).toBe('orders-errors');
  });
});

describe('summary', () => {
  it('keeps a hostile verdict, title and heading on their lines', () => {
    const out = summary({
      title: `check-blockers: ${HOSTILE}`,
      verdict: `Blocked: ${HOSTILE}`,
      sections: [{ heading: `About ${HOSTILE}`, body: 'body' }],
    });
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^## check-blockers: /);
    expect(lines[2]).toMatch(/^\*\*Blocked: .*\*\*$/);
    expect(lines[4]).toMatch(/^### About /);
    expect(lines[6]).toBe('body');
    expect(out).not.toContain('<img');
  });
});

describe('bullets', () => {
  it('keeps each hostile line inside its item', () => {
    expect(bullets(['PartialData', HOSTILE]).split('\n')).toHaveLength(2);
  });
});

describe('lineChart', () => {
  it('keeps hostile labels and names inside their quotes and the fence closed', () => {
    const out = lineChart(HOSTILE, ['09:00', HOSTILE], HOSTILE, [
      { name: HOSTILE, values: [1, 2] },
      { name: 'version 3', values: [0, 0] },
    ]);
    const lines = out.split('\n');
    expect(lines[0]).toBe('```mermaid');
    expect(lines.filter((l) => l.includes('```'))).toEqual(['```mermaid', '```']);
    expect(lines[2]).toMatch(/^ {2}title "[^"`<]*"$/);
    expect(lines[3]).toMatch(/^ {2}x-axis \["09:00", "[^"`<]*"\]$/);
    expect(lines[4]).toMatch(/^ {2}y-axis "[^"`<]*" 0 --> /);
    expect(lines.at(-1)).toMatch(/^Lines, in order: /);
    expect(lines).toHaveLength(9);
  });
});

// xychart-beta has no way to draw a gap (a line is a plain list of numbers, one per x
// label, drawn as one path), so a value that is not a number leaves its column out.
describe('lineChart without data for some points', () => {
  const labels = ['10:00', '10:01', '10:02', '10:03', '10:04'];

  it('leaves the column out of every line instead of drawing 0, and says so under the chart', () => {
    const out = lineChart('Error rate', labels, '%', [
      { name: 'version 5', values: [1, NaN, NaN, 2, 3] },
      { name: 'version 4', values: [1, 1, 1, 1, NaN] },
    ]);
    expect(out).toContain('x-axis ["10:00", "10:03"]');
    expect(out).toContain('  line [1, 2]');
    expect(out).toContain('  line [1, 1]');
    expect(out).not.toMatch(/line \[.*\b0\b/);
    expect(out).toContain(
      'version 5 had no data at 10:01 to 10:02: left out of the chart, not drawn as 0.',
    );
    expect(out).toContain('version 4 had no data at 10:04: left out of the chart, not drawn as 0.');
  });

  it('draws a measured 0 as 0', () => {
    expect(lineChart('t', labels, '%', [{ name: 'a', values: [0, 0, 0, 0, 0] }])).toContain(
      '  line [0, 0, 0, 0, 0]',
    );
  });

  it('does not draw a line that has no data at all, and names it', () => {
    const out = lineChart('t', labels, '%', [
      { name: 'version 5', values: [1, 2, 3, 4, 5] },
      { name: 'version 4', values: Array(5).fill(NaN) },
    ]);
    expect(out.match(/^ {2}line /gm)).toHaveLength(1);
    expect(out).not.toContain('Lines, in order');
    expect(out).toContain('version 4 had no data at any point: not drawn.');
  });

  it('draws no chart when fewer than two points have data', () => {
    const out = lineChart('t', labels, '%', [{ name: 'a', values: [NaN, 1, NaN, NaN, NaN] }]);
    expect(out).not.toContain('```');
    expect(out).toMatch(/Too few points with data to draw a chart\.$/);
  });

  it('names what one point stands for under the x axis', () => {
    const out = lineChart('t', ['a', 'b'], '%', [{ name: 'a', values: [1, 2] }], {
      xTitle: 'one point per 5m',
    });
    expect(out).toContain('x-axis "one point per 5m" ["a", "b"]');
  });
});
