// A repeated log line is shown when what it says changes, and otherwise once a minute.
import { describe, expect, it } from '@jest/globals';
import { createPacer, HEARTBEAT_MS } from '../../../src/core/log-pacing.js';

describe('createPacer', () => {
  it('shows the first line, then keeps repeats for debug until a minute has passed', () => {
    const pace = createPacer();
    const at = (s: number) => 1_000_000 + s * 1000;
    expect([0, 10, 20, 59, 60, 70, 120].map((s) => pace('Alarms OK at 20%', at(s)))).toEqual([
      'info',
      'debug',
      'debug',
      'debug',
      'info',
      'debug',
      'info',
    ]);
  });

  it('shows a line at once when what it says changes, and restarts the heartbeat there', () => {
    const pace = createPacer();
    expect(pace('pass so far', 0)).toBe('info');
    expect(pace('pass so far', 10_000)).toBe('debug');
    expect(pace('inconclusive', 20_000)).toBe('info');
    expect(pace('pass so far', 30_000)).toBe('info');
    expect(pace('pass so far', 30_000 + HEARTBEAT_MS - 1)).toBe('debug');
  });

  it('takes another heartbeat for a faster or slower cadence', () => {
    const pace = createPacer(5_000);
    expect([0, 4_999, 5_000].map((t) => pace('x', t))).toEqual(['info', 'debug', 'info']);
  });
});
