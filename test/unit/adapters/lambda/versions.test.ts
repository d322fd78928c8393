import { describe, expect, it } from '@jest/globals';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { incompatibility, readVersions } from '../../../../src/adapters/lambda/versions.js';

describe('versions that can share an alias', () => {
  const v = (version: string, role = 'arn:aws:iam::1:role/a', deadLetterTarget?: string) => ({
    version,
    role,
    deadLetterTarget,
    state: 'Active',
  });

  it('accepts the same role and dead-letter config', () => {
    expect(incompatibility(v('3'), v('4'), 'orders')).toBeUndefined();
  });

  it('refuses different execution roles, as Lambda would at the first shift', () => {
    expect(incompatibility(v('3'), v('4', 'arn:aws:iam::1:role/b'), 'orders')).toMatch(
      /versions 3 and 4 have different execution roles/,
    );
  });

  it('refuses different dead-letter configs', () => {
    expect(incompatibility(v('3'), v('4', undefined, 'arn:aws:sqs:x'), 'orders')).toMatch(
      /different dead-letter configs/,
    );
  });

  it('refuses a version that is not Active yet', () => {
    expect(incompatibility(v('3'), { ...v('4'), state: 'Pending' }, 'orders')).toMatch(
      /version 4 is Pending/,
    );
  });

  it('refuses a version whose last update failed, or is still in progress, with the reason', () => {
    expect(
      incompatibility(
        v('3'),
        {
          ...v('4'),
          lastUpdateStatus: 'Failed',
          lastUpdateStatusReason: 'The runtime failed to start',
        },
        'orders',
      ),
    ).toBe(
      'the last update of version 4 failed (The runtime failed to start); publish a new version',
    );
    expect(
      incompatibility(v('3'), { ...v('4'), lastUpdateStatus: 'InProgress' }, 'orders'),
    ).toMatch(/version 4 is still being updated/);
    expect(
      incompatibility(v('3'), { ...v('4'), lastUpdateStatus: 'Successful' }, 'orders'),
    ).toBeUndefined();
  });

  it('refuses while the version a rollback returns to is Inactive, saying how to reactivate it', () => {
    const problem = incompatibility(
      { ...v('3'), state: 'Inactive', stateReason: 'The function is idle' },
      v('4'),
      'orders',
    );
    expect(problem).toMatch(
      /^version 3, the one a rollback returns to, is Inactive \(The function is idle\): its first invocations would fail/,
    );
    expect(problem).toContain('aws lambda invoke --function-name orders:3 /dev/null');
  });
});

describe("check-blockers' reading of the two versions", () => {
  /** A client answering GetFunctionConfiguration from `configs` by Qualifier. */
  const client = (configs: Record<string, Record<string, string>>) =>
    ({
      send: async (command: { input: { Qualifier: string } }) => configs[command.input.Qualifier],
    }) as unknown as LambdaClient;

  it('judges the new version by the preflight rule and the rollback target as cold or not', async () => {
    const read = await readVersions(
      client({
        '4': { State: 'Active', LastUpdateStatus: 'Failed', LastUpdateStatusReason: 'Layer gone' },
        '3': { State: 'Inactive', StateReason: 'idle', LastUpdateStatus: 'Successful' },
      }),
      'orders',
      '4',
      '3',
    );
    expect(read.next).toEqual({
      version: '4',
      state: 'Active, last update Failed',
      problem: 'the last update of version 4 failed (Layer gone); publish a new version',
    });
    expect(read.previous?.state).toBe('Inactive, last update Successful');
    expect(read.previous?.cold).toMatch(
      /^version 3, the one a rollback returns to, is Inactive \(idle\)/,
    );
  });

  it('reads only the new version when there is no rollback target', async () => {
    const read = await readVersions(
      client({ '4': { State: 'Active', LastUpdateStatus: 'Successful' } }),
      'orders',
      '4',
      undefined,
    );
    expect(read).toEqual({ next: { version: '4', state: 'Active, last update Successful' } });
  });
});
