import { describe, expect, it } from '@jest/globals';
import type { AliasState } from '../../../src/core/alias-state.js';
import { type DeploymentRecord, encodeRecord } from '../../../src/core/deployment-record.js';
import { decideAfterDeath, decideStart, incompatibility } from '../../../src/core/shift-start.js';

const record = (overrides: Partial<DeploymentRecord> = {}): string =>
  encodeRecord({
    previousVersion: '3',
    version: '4',
    strategy: 'canary 10% 5m',
    startedAt: Date.UTC(2026, 0, 5, 10, 0, 0),
    status: 'in-progress',
    runUrl: 'https://github.com/o/r/actions/runs/1',
    ...overrides,
  });

const alias = (overrides: Partial<AliasState> = {}): AliasState => ({
  functionName: 'orders',
  alias: 'live',
  primaryVersion: '3',
  revisionId: 'r1',
  description: '',
  ...overrides,
});

describe('deciding what a run may do before it changes anything', () => {
  it('starts from 0 when the alias is fully on another version', () => {
    expect(decideStart(alias(), '4')).toEqual({ kind: 'start', previousVersion: '3', weight: 0 });
  });

  it('is a no-op when the alias is already fully on the version', () => {
    const decision = decideStart(alias({ primaryVersion: '4' }), '4');
    expect(decision).toMatchObject({ kind: 'no-op', previousVersion: '4', weight: 1 });
  });

  it('a no-op names the previous version its record knows', () => {
    const decision = decideStart(
      alias({ primaryVersion: '4', description: record({ status: 'succeeded' }) }),
      '4',
    );
    expect(decision).toMatchObject({ kind: 'no-op', previousVersion: '3' });
  });

  it('resumes a recorded in-flight deployment of the same version from its current weight', () => {
    const decision = decideStart(
      alias({ additional: { version: '4', weight: 0.3 }, description: record() }),
      '4',
    );
    expect(decision).toMatchObject({ kind: 'resume', previousVersion: '3', weight: 0.3 });
  });

  it('resumes a halted deployment of the same version', () => {
    const decision = decideStart(
      alias({
        additional: { version: '4', weight: 0.1 },
        description: record({ status: 'halted' }),
      }),
      '4',
    );
    expect(decision).toMatchObject({ kind: 'resume', weight: 0.1 });
  });

  it('resumes at 100% a run that died after its last shift, so it can confirm it', () => {
    const decision = decideStart(alias({ primaryVersion: '4', description: record() }), '4');
    expect(decision).toMatchObject({ kind: 'resume', previousVersion: '3', weight: 1 });
  });

  it('refuses a different version while another deployment is in flight', () => {
    const decision = decideStart(
      alias({ additional: { version: '4', weight: 0.3 }, description: record() }),
      '5',
    );
    expect(decision.kind).toBe('refuse');
    expect(decision.kind === 'refuse' && decision.message).toMatch(
      /orders:live is in the middle of a deployment of version 4 \(version 3 at 70% and version 4 at 30%, in-progress, started 2026-01-05T10:00:00.000Z by https:\/\/github.com\/o\/r\/actions\/runs\/1\); refusing to deploy version 5 over it. Finish it by re-running with version 4, or restore version 3 with the rollback action./,
    );
  });

  it('refuses a different version while another deployment is recorded in progress but has not moved traffic', () => {
    const decision = decideStart(alias({ description: record() }), '5');
    expect(decision.kind === 'refuse' && decision.message).toMatch(/may still be running/);
  });

  it('refuses a split that this suite did not record', () => {
    const decision = decideStart(alias({ additional: { version: '4', weight: 0.5 } }), '4');
    expect(decision.kind === 'refuse' && decision.message).toMatch(
      /is split \(version 3 at 50% and version 4 at 50%\) but carries no in-progress deployment record/,
    );
  });

  it('refuses a split whose primary is not the recorded previous version', () => {
    const decision = decideStart(
      alias({
        primaryVersion: '2',
        additional: { version: '4', weight: 0.5 },
        description: record(),
      }),
      '4',
    );
    expect(decision.kind === 'refuse' && decision.message).toMatch(/someone changed it by hand/);
  });

  it('starts over a finished deployment of another version', () => {
    const decision = decideStart(alias({ description: record({ status: 'rolled-back' }) }), '5');
    expect(decision).toMatchObject({ kind: 'start', previousVersion: '3' });
  });
});

describe('versions that can share an alias', () => {
  const v = (version: string, role = 'arn:aws:iam::1:role/a', deadLetterTarget?: string) => ({
    version,
    role,
    deadLetterTarget,
    state: 'Active',
  });

  it('accepts the same role and dead-letter config', () => {
    expect(incompatibility(v('3'), v('4'))).toBeUndefined();
  });

  it('refuses different execution roles, as Lambda would at the first shift', () => {
    expect(incompatibility(v('3'), v('4', 'arn:aws:iam::1:role/b'))).toMatch(
      /versions 3 and 4 have different execution roles/,
    );
  });

  it('refuses different dead-letter configs', () => {
    expect(incompatibility(v('3'), v('4', undefined, 'arn:aws:sqs:x'))).toMatch(
      /different dead-letter configs/,
    );
  });

  it('refuses a version that is not Active yet', () => {
    expect(incompatibility(v('3'), { ...v('4'), state: 'Pending' })).toMatch(
      /version 4 is Pending/,
    );
  });
});

describe('the post step after the main step died', () => {
  const saved = { previousVersion: '3', version: '4' };

  it('restores a deployment the alias still records as this one and in progress', () => {
    expect(
      decideAfterDeath(
        saved,
        alias({ additional: { version: '4', weight: 0.2 }, description: record() }),
      ),
    ).toEqual({ restore: true });
    // Died after the last shift, before saying succeeded: still this run's to undo.
    expect(decideAfterDeath(saved, alias({ primaryVersion: '4', description: record() }))).toEqual({
      restore: true,
    });
  });

  it('leaves alone an alias already on the previous version (died before the first change)', () => {
    expect(decideAfterDeath(saved, alias())).toEqual({
      restore: false,
      why: 'the alias is fully on version 3 already',
    });
  });

  it('leaves alone a deployment recorded as finished or halted', () => {
    const halted = alias({
      additional: { version: '4', weight: 0.1 },
      description: record({ status: 'halted' }),
    });
    expect(decideAfterDeath(saved, halted)).toEqual({
      restore: false,
      why: 'the alias records this deployment as halted',
    });
  });

  it('leaves alone an alias someone else has deployed to since', () => {
    const other = alias({
      primaryVersion: '5',
      description: record({ previousVersion: '4', version: '5' }),
    });
    expect(decideAfterDeath(saved, other)).toMatchObject({
      restore: false,
      why: expect.stringMatching(
        /no longer records this deployment of version 4; someone else changed it/,
      ),
    });
  });
});
