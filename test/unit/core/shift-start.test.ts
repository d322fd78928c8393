import { describe, expect, it } from '@jest/globals';
import type { TargetState } from '../../../src/core/traffic-target.js';
import { aliasCommands } from '../../../src/adapters/lambda/commands.js';
import { type DeploymentRecord, encodeRecord } from '../../../src/core/deployment-record.js';
import { decideAfterDeath, decideStart, type StartingRun } from '../../../src/core/shift-start.js';

/** The run that recorded the deployment, and its re-run (the run deciding, unless told). */
const firstAttempt = { runId: '1', attempt: 1, token: 'aaaa1111' };
const rerun = { runId: '1', attempt: 2, token: 'bbbb2222' };
const decide = (a: TargetState, version: string, run: StartingRun = rerun) =>
  decideStart(a, version, run, aliasCommands('orders', 'live'));

const record = (overrides: Partial<DeploymentRecord> = {}): string =>
  encodeRecord({
    previousVersion: '3',
    version: '4',
    strategy: 'canary 10% 5m',
    startedAt: Date.UTC(2026, 0, 5, 10, 0, 0),
    status: 'in-progress',
    runUrl: 'https://github.com/o/r/actions/runs/1',
    owner: firstAttempt,
    ...overrides,
  });

const alias = (overrides: Partial<TargetState> = {}): TargetState => ({
  name: 'orders:live',
  primaryVersion: '3',
  token: 'r1',
  record: '',
  ...overrides,
});

describe('deciding what a run may do before it changes anything', () => {
  it('starts from 0 when the alias is fully on another version', () => {
    expect(decide(alias(), '4')).toEqual({ kind: 'start', previousVersion: '3', weight: 0 });
  });

  it('is a no-op when the alias is already fully on the version', () => {
    const decision = decide(alias({ primaryVersion: '4' }), '4');
    expect(decision).toMatchObject({ kind: 'no-op', previousVersion: '4', weight: 1 });
  });

  it('a no-op names the previous version its record knows', () => {
    const decision = decide(
      alias({ primaryVersion: '4', record: record({ status: 'succeeded' }) }),
      '4',
    );
    expect(decision).toMatchObject({ kind: 'no-op', previousVersion: '3' });
  });

  it('resumes a recorded in-flight deployment of the same version from its current weight', () => {
    const decision = decide(
      alias({ additional: { version: '4', weight: 0.3 }, record: record() }),
      '4',
    );
    expect(decision).toMatchObject({ kind: 'resume', previousVersion: '3', weight: 0.3 });
  });

  it('resumes a halted deployment of the same version', () => {
    const decision = decide(
      alias({
        additional: { version: '4', weight: 0.1 },
        record: record({ status: 'halted' }),
      }),
      '4',
    );
    expect(decision).toMatchObject({ kind: 'resume', weight: 0.1 });
  });

  it('resumes at 100% a run that died after its last shift, so it can confirm it', () => {
    const decision = decide(alias({ primaryVersion: '4', record: record() }), '4');
    expect(decision).toMatchObject({ kind: 'resume', previousVersion: '3', weight: 1 });
  });

  it('refuses a different version while another deployment is in flight', () => {
    const decision = decide(
      alias({ additional: { version: '4', weight: 0.3 }, record: record() }),
      '5',
    );
    expect(decision.kind).toBe('refuse');
    expect(decision.kind === 'refuse' && decision.message).toMatch(
      /orders:live is in the middle of a deployment of version 4 \(version 3 at 70% and version 4 at 30%, in-progress, started 2026-01-05T10:00:00.000Z by https:\/\/github.com\/o\/r\/actions\/runs\/1\); refusing to deploy version 5 over it. Finish it by re-running with version 4, or restore version 3 with the rollback action./,
    );
  });

  it('refuses a different version while another deployment is recorded in progress but has not moved traffic', () => {
    const decision = decide(alias({ record: record() }), '5');
    expect(decision.kind === 'refuse' && decision.message).toMatch(/may still be running/);
  });

  it('refuses a split that this suite did not record', () => {
    const decision = decide(alias({ additional: { version: '4', weight: 0.5 } }), '4');
    expect(decision.kind === 'refuse' && decision.message).toMatch(
      /is split \(version 3 at 50% and version 4 at 50%\) but carries no in-progress deployment record/,
    );
  });

  it('refuses a split whose primary is not the recorded previous version', () => {
    const decision = decide(
      alias({
        primaryVersion: '2',
        additional: { version: '4', weight: 0.5 },
        record: record(),
      }),
      '4',
    );
    expect(decision.kind === 'refuse' && decision.message).toMatch(/someone changed it by hand/);
  });

  it('starts over a finished deployment of another version', () => {
    const decision = decide(alias({ record: record({ status: 'rolled-back' }) }), '5');
    expect(decision).toMatchObject({ kind: 'start', previousVersion: '3' });
  });
});

describe('the post step after the main step died', () => {
  const saved = { previousVersion: '3', version: '4', token: firstAttempt.token };

  it('restores a deployment the alias still records as this one and in progress', () => {
    expect(
      decideAfterDeath(
        saved,
        alias({ additional: { version: '4', weight: 0.2 }, record: record() }),
      ),
    ).toEqual({ restore: true });
    // Died after the last shift, before saying succeeded: still this run's to undo.
    expect(decideAfterDeath(saved, alias({ primaryVersion: '4', record: record() }))).toEqual({
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
      record: record({ status: 'halted' }),
    });
    expect(decideAfterDeath(saved, halted)).toEqual({
      restore: false,
      why: 'the alias records this deployment as halted',
    });
  });

  it('leaves alone an alias someone else has deployed to since', () => {
    const other = alias({
      primaryVersion: '5',
      record: record({
        previousVersion: '4',
        version: '5',
        owner: { runId: '2', attempt: 1, token: 'cccc3333' },
      }),
    });
    expect(decideAfterDeath(saved, other)).toMatchObject({
      restore: false,
      why: expect.stringMatching(
        /no longer records this run's deployment of version 4 \(its record belongs to run 2 attempt 1.*\); someone else changed it/,
      ),
    });
  });
});

describe('one run drives a deployment at a time', () => {
  const inFlight = (owner = firstAttempt) =>
    alias({ additional: { version: '4', weight: 0.1 }, record: record({ owner }) });
  const refusal = (decision: ReturnType<typeof decideStart>) =>
    decision.kind === 'refuse' ? decision.message : `not refused: ${decision.kind}`;

  it('refuses another run, naming the run that owns the deployment and how to take it over', () => {
    const message = refusal(decide(inFlight(), '4', { runId: '9', attempt: 1, token: 'x' }));
    expect(message).toMatch(
      /orders:live is being deployed \(version 3 -> 4, now version 3 at 90% and version 4 at 10%\) by run 1 attempt 1 \(https:\/\/github.com\/o\/r\/actions\/runs\/1\)/,
    );
    expect(message).toMatch(/may still be running.*Nothing changed/);
    expect(message).toMatch(/take the deployment over deliberately with take-over: 1/);
  });

  it('refuses another job of the same attempt, told apart by its token', () => {
    const message = refusal(decide(inFlight(), '4', { ...firstAttempt, token: 'other' }));
    expect(message).toMatch(/by another job or step of this run \(run 1 attempt 1/);
  });

  it('refuses an earlier attempt while a later one owns the deployment', () => {
    const later = inFlight({ runId: '1', attempt: 3, token: 'later' });
    expect(refusal(decide(later, '4', rerun))).toMatch(/by another job or step of this run/);
  });

  it('lets a re-run of the owning run resume', () => {
    expect(decide(inFlight(), '4', rerun)).toMatchObject({ kind: 'resume', weight: 0.1 });
  });

  it('lets a person take over a deployment by naming its run', () => {
    const run = { runId: '9', attempt: 1, token: 'x', takeOver: '1' };
    expect(decide(inFlight(), '4', run)).toMatchObject({ kind: 'resume', weight: 0.1 });
  });

  it('says so when take-over names another run than the owner', () => {
    const run = { runId: '9', attempt: 1, token: 'x', takeOver: '8' };
    expect(refusal(decide(inFlight(), '4', run))).toMatch(
      /take-over names '8', but the deployment belongs to '1'/,
    );
  });

  it('treats a record that names no run as owned by an unknown run', () => {
    const unowned = alias({
      additional: { version: '4', weight: 0.1 },
      record: record({ owner: undefined }),
    });
    expect(refusal(decide(unowned, '4'))).toMatch(/take-over: unknown/);
    expect(decide(unowned, '4', { ...rerun, takeOver: 'unknown' }).kind).toBe('resume');
  });

  it('refuses to deploy another version even when this run may drive the record', () => {
    const atFull = alias({ primaryVersion: '4', record: record() });
    expect(refusal(decide(atFull, '5'))).toMatch(
      /has a deployment of version 4 recorded as in-progress .*the alias is fully on version 4/,
    );
  });

  it('leaves finished, rolled-back and stopped deployments to anyone', () => {
    for (const status of ['succeeded', 'rolled-back', 'stopped'] as const) {
      const done = alias({ record: record({ status }) });
      expect(decide(done, '5', { runId: '9', attempt: 1, token: 'x' })).toMatchObject({
        kind: 'start',
      });
    }
  });
});

describe('someone else deployed in between', () => {
  it('refuses a re-run that finds the alias on a version its record does not know', () => {
    const elsewhere = alias({ primaryVersion: '2', record: record() });
    const decision = decide(elsewhere, '4');
    expect(decision.kind).toBe('refuse');
    expect(decision.kind === 'refuse' && decision.message).toMatch(
      /orders:live is fully on version 2, but its record says a deployment of version 3 -> 4 is in progress .*someone put version 2 there in between.*aws lambda update-alias --function-name orders --name live --description ''/,
    );
  });
});

describe('the time a resumed step has already been held', () => {
  const at = Date.UTC(2026, 0, 5, 10, 3, 0);

  it('comes from the record when it was written with the weight the alias shows', () => {
    const resumed = alias({
      additional: { version: '4', weight: 0.1 },
      record: record({ stepWeight: 0.1, stepStartedAt: at }),
    });
    expect(decide(resumed, '4')).toMatchObject({ kind: 'resume', stepStartedAt: at });
  });

  it('is unknown when the weights were changed since the record was written', () => {
    const moved = alias({
      additional: { version: '4', weight: 0.3 },
      record: record({ stepWeight: 0.1, stepStartedAt: at }),
    });
    const decision = decide(moved, '4');
    expect(decision).toMatchObject({ kind: 'resume', weight: 0.3 });
    expect(decision).not.toHaveProperty('stepStartedAt');
  });
});

describe("the post step restores only its own run's deployment", () => {
  it('leaves alone the same versions recorded by another run (a race it lost)', () => {
    const theirs = alias({
      additional: { version: '4', weight: 0.1 },
      record: record({ owner: { runId: '9', attempt: 1, token: 'winner' } }),
    });
    expect(
      decideAfterDeath({ previousVersion: '3', version: '4', token: 'loser' }, theirs),
    ).toMatchObject({ restore: false, why: expect.stringMatching(/belongs to run 9 attempt 1/) });
  });
});
