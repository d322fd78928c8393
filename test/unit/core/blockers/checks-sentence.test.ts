// The first line of a check-blockers log says what the run checks, from the inputs alone: it
// is written before the SDK loads and before anything is fetched.
import { describe, expect, it } from '@jest/globals';
import { checksSentence } from '../../../../src/core/blockers/report.js';
import { config } from './fixtures.js';

describe('checksSentence', () => {
  it('names every check the inputs switch on, and the target', () => {
    const sentence = checksSentence(
      config({
        alarms: 'orders-errors\norders-p99',
        'alarm-prefixes': 'payments-',
        windows: 'Mon-Fri 09:00-16:00 Europe/Berlin',
        freezes: '2026-12-24 .. 2026-12-26: christmas',
        holidays: 'DE-BY',
        'blocking-labels': 'deploy-blocker, incident',
        'function-name': 'orders-api',
        alias: 'live',
      }),
    );
    expect(sentence).toBe(
      "Checking for deploy blockers to orders-api:live: 2 alarm(s), alarms starting with 'payments-', " +
        "1 deploy window(s), 1 freeze(s), public holidays in DE-BY, open issues labelled 'deploy-blocker' " +
        "or 'incident', whether orders-api:live is already split.",
    );
  });

  it('says when there is nothing to check rather than implying a pass', () => {
    expect(checksSentence(config({ 'blocking-labels': '' }))).toBe(
      'Nothing to check: no alarms, windows, freezes, holidays, blocking labels or alias given.',
    );
  });
});
