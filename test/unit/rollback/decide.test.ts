import { describe, expect, it } from '@jest/globals';
import type { TargetState } from '../../../src/core/traffic-target.js';
import {
  type DeploymentRecord,
  decodeRecord,
  encodeRecord,
} from '../../../src/core/deployment-record.js';
import { aliasCommands } from '../../../src/adapters/lambda/commands.js';
import {
  planRollback,
  RollbackRefusedError,
  rollbackIntent,
} from '../../../src/rollback/decide.js';

const commands = aliasCommands('orders', 'live');
const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);
const record: DeploymentRecord = {
  previousVersion: '3',
  version: '4',
  strategy: 'canary 10% 5m',
  startedAt: NOW - 600_000,
  status: 'in-progress',
  runUrl: 'https://github.com/acme/app/actions/runs/1',
};

function alias(routing: Partial<TargetState>): TargetState {
  return {
    name: 'orders:live',
    primaryVersion: '4',
    token: 'rev-1',
    record: '',
    ...routing,
  };
}

describe('planRollback from the deployment record', () => {
  it('restores the record’s previous version and marks the record rolled back', () => {
    const state = alias({
      primaryVersion: '3',
      additional: { version: '4', weight: 0.1 },
      record: encodeRecord(record),
    });
    const plan = planRollback(state, undefined, { now: NOW, commands });
    expect(plan.source).toBe('deployment record');
    expect(plan.request).toMatchObject({ previousVersion: '3', version: '4' });
    expect(decodeRecord(plan.request.record)).toEqual({ ...record, status: 'rolled-back' });
  });

  it('refuses to guess when the alias carries no record and no version is given', () => {
    const state = alias({ primaryVersion: '3', additional: { version: '4', weight: 0.5 } });
    expect(() => planRollback(state, undefined, { now: NOW, commands })).toThrow(
      RollbackRefusedError,
    );
    expect(() => planRollback(state, undefined, { now: NOW, commands })).toThrow(
      /no safe-deploy deployment record.*undo: latest and previous-version: 3.*Nothing was changed; the alias is at version 3 at 50% and version 4 at 50%/,
    );
  });

  it('treats a description someone else wrote as no record', () => {
    const state = alias({ record: 'hand-made alias' });
    expect(() => planRollback(state, undefined, { now: NOW, commands })).toThrow(
      /give the previous-version input/,
    );
  });
});

describe('planRollback to an explicit version', () => {
  it('writes a record naming the version traffic leaves, so the next run knows', () => {
    const plan = planRollback(alias({ primaryVersion: '7' }), '5', {
      now: NOW,
      runUrl: 'https://github.com/acme/app/actions/runs/9',
      commands,
    });
    expect(plan.source).toBe('previous-version input');
    expect(plan.request).toMatchObject({ previousVersion: '5', version: '7' });
    expect(decodeRecord(plan.request.record)).toEqual({
      previousVersion: '5',
      version: '7',
      strategy: 'rollback',
      startedAt: NOW,
      status: 'rolled-back',
      runUrl: 'https://github.com/acme/app/actions/runs/9',
    });
  });

  it('marks the existing record when the version is the record’s previous version', () => {
    const state = alias({ primaryVersion: '4', record: encodeRecord(record) });
    const plan = planRollback(state, '3', { now: NOW, commands });
    expect(decodeRecord(plan.request.record)).toEqual({ ...record, status: 'rolled-back' });
  });

  it('takes traffic away from the other version of a split alias', () => {
    const state = alias({ primaryVersion: '3', additional: { version: '4', weight: 0.2 } });
    expect(planRollback(state, '4', { now: NOW, commands }).request).toMatchObject({
      previousVersion: '4',
      version: '3',
    });
  });

  it('leaves the description alone when the alias is already on the version', () => {
    const state = alias({
      primaryVersion: '4',
      record: encodeRecord({ ...record, status: 'succeeded' }),
    });
    const plan = planRollback(state, '4', { now: NOW, commands });
    expect(plan.request.record).toBeUndefined();
    expect(plan.newRecord).toBeUndefined();
    expect(plan.request).toMatchObject({ previousVersion: '4', version: '4' });
  });

  it('refuses a version that is neither side of a split, naming both and the by-hand command', () => {
    const state = alias({ primaryVersion: '3', additional: { version: '4', weight: 0.2 } });
    expect(() => planRollback(state, '2', { now: NOW, commands })).toThrow(
      /split between versions 3 and 4; version 2 is neither.*aws lambda update-alias --function-name orders --name live --function-version 2/,
    );
  });
});

describe('rollbackIntent: whose deployment a rollback may undo', () => {
  const owned = (runId: string) =>
    alias({
      record: encodeRecord({ ...record, owner: { runId, attempt: 1, token: '0a0b0c0d' } }),
    });

  it('this-run undoes a deployment this run recorded, whatever its attempt', () => {
    expect(rollbackIntent(owned('1'), 'this-run', '1')).toEqual({ act: true });
  });

  it('this-run leaves another run’s deployment, naming that run and undo: latest', () => {
    const intent = rollbackIntent(owned('2'), 'this-run', '1');
    expect(intent.act).toBe(false);
    expect(!intent.act && intent.reason).toBe(
      "orders:live's deployment record (3 -> 4, in-progress) belongs to run 2 attempt 1 " +
        '(https://github.com/acme/app/actions/runs/1), not to this run (1); nothing was rolled back. ' +
        'To undo it deliberately, run the rollback with undo: latest.',
    );
  });

  it('this-run leaves a record that names no run, and an alias with no record', () => {
    expect(rollbackIntent(alias({ record: encodeRecord(record) }), 'this-run', '1').act).toBe(
      false,
    );
    expect(rollbackIntent(alias({}), 'this-run', '1').act).toBe(false);
  });

  it('latest undoes the latest deployment, whoever made it', () => {
    expect(rollbackIntent(owned('2'), 'latest', '1')).toEqual({ act: true });
    expect(rollbackIntent(alias({}), 'latest', '1')).toEqual({ act: true });
  });
});
