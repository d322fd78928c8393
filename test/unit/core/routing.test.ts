import { describe, expect, it } from '@jest/globals';
import {
  describeRouting,
  isSplit,
  routingBetween,
  sameRouting,
  versionsIn,
  weightOf,
} from '../../../src/core/routing.js';

describe('alias routing', () => {
  it('a shift at 0% and at 100% leaves no weights behind', () => {
    expect(routingBetween('3', '4', 0)).toEqual({ primaryVersion: '3' });
    expect(routingBetween('3', '4', 1)).toEqual({ primaryVersion: '4' });
  });

  it('a partial shift keeps the previous version primary and weights the new one', () => {
    expect(routingBetween('3', '4', 0.1)).toEqual({
      primaryVersion: '3',
      additional: { version: '4', weight: 0.1 },
    });
    expect(routingBetween('3', '4', 0.1 + 0.2).additional!.weight).toBe(0.3);
  });

  it('knows each version’s share', () => {
    const routing = routingBetween('3', '4', 0.25);
    expect(isSplit(routing)).toBe(true);
    expect(weightOf(routing, '3')).toBeCloseTo(0.75);
    expect(weightOf(routing, '4')).toBeCloseTo(0.25);
    expect(weightOf(routing, '5')).toBe(0);
    expect(versionsIn(routing)).toEqual(['3', '4']);
  });

  it('treats a zero weight as unsplit', () => {
    const routing = { primaryVersion: '3', additional: { version: '4', weight: 0 } };
    expect(isSplit(routing)).toBe(false);
    expect(weightOf(routing, '3')).toBe(1);
    expect(sameRouting(routing, { primaryVersion: '3' })).toBe(true);
  });

  it('describes routing for people', () => {
    expect(describeRouting(routingBetween('3', '4', 0.1))).toBe(
      'version 3 at 90% and version 4 at 10%',
    );
    expect(describeRouting({ primaryVersion: '4' })).toBe('version 4 at 100%');
  });
});
