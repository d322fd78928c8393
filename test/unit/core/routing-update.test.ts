import { describe, expect, it } from '@jest/globals';
import { routingBetween } from '../../../src/core/routing.js';
import {
  TargetChangedError,
  applyRouting,
  MAX_IDENTICAL_REWRITES,
  RestoreFailedError,
  restorePrevious,
} from '../../../src/core/routing-update.js';
import { ManualClock } from '../../../src/core/clock.js';
import { FakeAlias, serverError, throttled } from '../../fixtures/fake-alias.js';

const options = () => ({ clock: new ManualClock(0), random: () => 0.5 });
const request = { functionName: 'orders', alias: 'live', previousVersion: '3', version: '4' };

describe('applyRouting', () => {
  it('carries the RevisionId that was read', async () => {
    const alias = new FakeAlias({ primaryVersion: '3' });
    const read = await alias.read();
    const after = await applyRouting(
      alias,
      read,
      routingBetween('3', '4', 0.1),
      undefined,
      options(),
    );
    expect(alias.updates[0].token).toBe(read.token);
    expect(after.additional).toEqual({ version: '4', weight: 0.1 });
  });

  it('retries throttling and 5xx with the same RevisionId', async () => {
    const alias = new FakeAlias({ primaryVersion: '3' });
    alias.updateFailures.push(throttled(), serverError());
    const read = await alias.read();
    await applyRouting(alias, read, routingBetween('3', '4', 0.5), undefined, options());
    expect(alias.updates.map((u) => u.token)).toEqual(['r1', 'r1', 'r1']);
    expect(alias.state.additional?.weight).toBe(0.5);
  });

  it('accepts its own write whose answer was lost', async () => {
    const alias = new FakeAlias({ primaryVersion: '3' });
    alias.updateFailures.push('lost-answer');
    const read = await alias.read();
    const after = await applyRouting(
      alias,
      read,
      routingBetween('3', '4', 0.1),
      undefined,
      options(),
    );
    expect(after.additional).toEqual({ version: '4', weight: 0.1 });
  });

  it('stops without overwriting when someone else changed the alias', async () => {
    const alias = new FakeAlias({ primaryVersion: '3' });
    const read = await alias.read();
    alias.changeBehindOurBack({ primaryVersion: '5' });
    const attempt = applyRouting(alias, read, routingBetween('3', '4', 0.1), undefined, options());
    await expect(attempt).rejects.toBeInstanceOf(TargetChangedError);
    await expect(
      applyRouting(alias, read, routingBetween('3', '4', 0.1), undefined, options()),
    ).rejects.toThrow(
      /expected version 3 at 100% \(revision r1\), found version 5 at 100% \(revision r2\)\. Nothing was overwritten/,
    );
    expect(alias.state.primaryVersion).toBe('5');
  });
});

describe('restorePrevious', () => {
  it('puts a split alias fully back on the previous version', async () => {
    const alias = new FakeAlias(routingBetween('3', '4', 0.3));
    const result = await restorePrevious(alias, request, options());
    expect(result.changed).toBe(true);
    expect(alias.state.primaryVersion).toBe('3');
    expect(alias.state.additional).toBeUndefined();
  });

  it('restores an alias fully shifted to the new version', async () => {
    const alias = new FakeAlias({ primaryVersion: '4' });
    await restorePrevious(alias, request, options());
    expect(alias.state.primaryVersion).toBe('3');
  });

  it('is a no-op success on an alias already restored', async () => {
    const alias = new FakeAlias({ primaryVersion: '3' });
    const result = await restorePrevious(alias, request, options());
    expect(result.changed).toBe(false);
    expect(alias.updates).toHaveLength(0);
  });

  it('refuses an alias routing to a version this deployment did not set, and says how to fix it', async () => {
    const alias = new FakeAlias(routingBetween('3', '5', 0.2));
    const attempt = restorePrevious(alias, request, options());
    await expect(attempt).rejects.toBeInstanceOf(RestoreFailedError);
    await expect(restorePrevious(alias, request, options())).rejects.toThrow(
      /routes to version 5.*The alias is at version 3 at 80% and version 5 at 20% \(revision r1\)\. Fix it now with: aws lambda update-alias --function-name orders --name live --function-version 3/,
    );
    expect(alias.updates).toHaveLength(0);
  });

  it('fails loudly with the exact state when AWS keeps throttling', async () => {
    const alias = new FakeAlias(routingBetween('3', '4', 0.3));
    for (let i = 0; i < 20; i++) alias.updateFailures.push(throttled());
    await expect(
      restorePrevious(alias, request, {
        ...options(),
        retry: { attempts: 4, baseMs: 10, capMs: 100 },
      }),
    ).rejects.toThrow(
      /Could not restore orders:live to version 3: TooManyRequestsException: Rate exceeded\. The alias is at version 3 at 70% and version 4 at 30%/,
    );
  });
});

describe('applyRouting after a stale RevisionId', () => {
  /** Someone re-writes exactly what is there (a tool re-applying the alias): only the revision moves. */
  const rewriteSame = (alias: FakeAlias) => () =>
    alias.changeBehindOurBack({
      primaryVersion: alias.state.primaryVersion,
      ...(alias.state.additional ? { additional: alias.state.additional } : {}),
    });

  it('carries on with the new RevisionId when someone re-wrote the same routing and record', async () => {
    const alias = new FakeAlias({ primaryVersion: '3' }, 'record');
    const read = await alias.read();
    rewriteSame(alias)();
    const after = await applyRouting(
      alias,
      read,
      routingBetween('3', '4', 0.1),
      'record 2',
      options(),
    );
    expect(after).toMatchObject({ additional: { version: '4', weight: 0.1 } });
    expect(alias.updates.map((u) => u.token)).toEqual(['r1', 'r2']);
  });

  it('gives up after a bounded number of identical rewrites in a row', async () => {
    const alias = new FakeAlias({ primaryVersion: '3' }, 'record');
    const read = await alias.read();
    const original = alias.set.bind(alias);
    alias.set = async (...args) => {
      rewriteSame(alias)();
      return original(...args);
    };
    await expect(
      applyRouting(alias, read, routingBetween('3', '4', 0.1), 'record 2', options()),
    ).rejects.toBeInstanceOf(TargetChangedError);
    expect(alias.updates).toHaveLength(MAX_IDENTICAL_REWRITES + 1);
  });

  it('still stops when the record was changed though the routing was not', async () => {
    const alias = new FakeAlias({ primaryVersion: '3' }, 'record');
    const read = await alias.read();
    alias.state = { ...alias.state, record: 'theirs', token: 'r9' };
    await expect(
      applyRouting(alias, read, routingBetween('3', '4', 0.1), 'record 2', options()),
    ).rejects.toBeInstanceOf(TargetChangedError);
    expect(alias.state.record).toBe('theirs');
  });
});

describe('a restore that cannot read the alias', () => {
  it('restores from the state it last saw, whose RevisionId still guards the write', async () => {
    const alias = new FakeAlias({ primaryVersion: '3', additional: { version: '4', weight: 0.2 } });
    const lastSeen = await alias.read();
    alias.readFailures.push(...Array(10).fill(throttled()));
    const result = await restorePrevious(alias, { ...request, lastSeen }, options());
    expect(result).toMatchObject({ changed: true, after: { primaryVersion: '3' } });
    expect(alias.updates[0].token).toBe(lastSeen.token);
  });

  it('tells the state it last saw and the command that fixes it when that state is stale', async () => {
    const alias = new FakeAlias({ primaryVersion: '3', additional: { version: '4', weight: 0.2 } });
    const lastSeen = await alias.read();
    alias.changeBehindOurBack({ primaryVersion: '3', additional: { version: '4', weight: 0.3 } });
    alias.readFailures.push(...Array(20).fill(throttled()));
    const attempt = restorePrevious(alias, { ...request, lastSeen }, options());
    await expect(attempt).rejects.toBeInstanceOf(RestoreFailedError);
    await expect(attempt).rejects.toThrow(
      /The alias could not be read now; it was last seen at version 3 at 80% and version 4 at 20% \(revision r1\)\. Fix it now with: aws lambda update-alias --function-name orders --name live --function-version 3/,
    );
    expect(alias.state.additional?.weight).toBe(0.3);
  });
});
