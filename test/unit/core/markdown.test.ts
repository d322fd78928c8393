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
