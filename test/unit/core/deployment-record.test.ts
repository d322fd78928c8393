import { describe, expect, it } from '@jest/globals';
import {
  ALIAS_DESCRIPTION_MAX,
  type DeploymentRecord,
  decodeRecord,
  describeOwner,
  encodeRecord,
} from '../../../src/core/deployment-record.js';

const record: DeploymentRecord = {
  previousVersion: '3',
  version: '4',
  strategy: 'canary 10% 5m',
  startedAt: Date.UTC(2026, 10, 22, 9, 30, 0),
  status: 'in-progress',
  runUrl: 'https://github.com/acme/orders/actions/runs/123456789',
};

describe('the deployment record in the alias description', () => {
  it('round-trips', () => {
    expect(decodeRecord(encodeRecord(record))).toEqual(record);
  });

  it('always fits in an alias description, dropping the run URL first', () => {
    const long = { ...record, runUrl: `https://github.com/${'a'.repeat(200)}/actions/runs/1` };
    const text = encodeRecord(long);
    expect(text.length).toBeLessThanOrEqual(ALIAS_DESCRIPTION_MAX);
    const decoded = decodeRecord(text);
    expect(decoded?.runUrl).toBeUndefined();
    expect(decoded).toMatchObject({
      previousVersion: '3',
      version: '4',
      strategy: 'canary 10% 5m',
      status: 'in-progress',
    });
  });

  it('keeps the versions even for a very long custom strategy', () => {
    const text = encodeRecord({ ...record, strategy: `steps ${'1%,'.repeat(120)}100% every 1m` });
    expect(text.length).toBeLessThanOrEqual(ALIAS_DESCRIPTION_MAX);
    expect(decodeRecord(text)).toMatchObject({
      previousVersion: '3',
      version: '4',
      status: 'in-progress',
    });
  });

  it.each([
    undefined,
    '',
    'production alias',
    'safe-deploy/v1 {not json',
    'safe-deploy/v1 {"p":"3"}',
    'safe-deploy/v1 {"p":"3","v":"4","t":1,"st":"weird"}',
  ])('reads no record from %j', (description) => expect(decodeRecord(description)).toBeUndefined());
});

describe('the step and the owner in the deployment record', () => {
  const full: DeploymentRecord = {
    ...record,
    stepWeight: 0.1,
    stepStartedAt: Date.UTC(2026, 10, 22, 9, 31, 0, 250),
    owner: { runId: '7001234567', attempt: 2, token: 'k3j9x0' },
  };

  it('round-trips to the millisecond, so a resumed hold is exact', () => {
    expect(decodeRecord(encodeRecord(full))).toEqual(full);
  });

  it('keeps the step and the owner when the strategy must be cut to fit', () => {
    const text = encodeRecord({ ...full, strategy: `steps ${'1%,'.repeat(120)}100% every 1m` });
    expect(text.length).toBeLessThanOrEqual(ALIAS_DESCRIPTION_MAX);
    expect(decodeRecord(text)).toMatchObject({
      stepWeight: 0.1,
      stepStartedAt: full.stepStartedAt,
      owner: full.owner,
    });
  });

  it('reads a stopped deployment', () => {
    expect(decodeRecord(encodeRecord({ ...full, status: 'stopped' }))?.status).toBe('stopped');
  });

  it('names the owner for people', () => {
    expect(describeOwner(full)).toBe(
      'run 7001234567 attempt 2 (https://github.com/acme/orders/actions/runs/123456789)',
    );
    expect(describeOwner(record)).toBe('a run that did not record itself');
  });
});
