// Region: the input, else AWS_REGION (what configure-aws-credentials exports), else
// AWS_DEFAULT_REGION; anything that is not a region is bad input, before any call.
import { describe, expect, it } from '@jest/globals';
import { resolveRegion } from '../../../src/core/region.js';

describe('resolveRegion', () => {
  it('prefers the region input', () => {
    expect(resolveRegion(' eu-west-1 ', { AWS_REGION: 'us-east-1' })).toBe('eu-west-1');
  });
  it('falls back to AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(resolveRegion('', { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'eu-central-1' })).toBe(
      'us-east-1',
    );
    expect(resolveRegion(undefined, { AWS_DEFAULT_REGION: 'ap-southeast-2' })).toBe(
      'ap-southeast-2',
    );
    expect(resolveRegion('', { AWS_REGION: 'us-gov-west-1' })).toBe('us-gov-west-1');
  });
  it.each([
    ['', {}],
    ['Frankfurt', {}],
    ['eu-west', {}],
  ])('refuses %j naming the input', (input, env) => {
    expect(() => resolveRegion(input, env)).toThrow(
      /Input 'region' .*expected an AWS region such as eu-west-1/,
    );
  });
});
