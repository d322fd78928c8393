// The versions check: a new version the target's adapter judged unable to take traffic blocks
// (the rule itself, shared with shift-traffic's preflight, is tested with the Lambda adapter),
// and no override lifts it; a cold rollback target is advice.
import { describe, expect, it } from '@jest/globals';
import { encodeRecord } from '../../../../src/core/deployment-record.js';
import { evaluateBlockers } from '../../../../src/core/blockers/evaluate.js';
import { renderSummary } from '../../../../src/core/blockers/report.js';
import {
  rollbackTargetOf,
  type VersionsSignal,
} from '../../../../src/core/blockers/version-checks.js';
import { InputError } from '../../../../src/core/input-error.js';
import { aliasState, config, MONDAY_MORNING } from './fixtures.js';

const actors = { actor: 'alice' };
const withVersion = (extra: Record<string, string> = {}) =>
  config({ 'function-name': 'orders', alias: 'live', version: '4', ...extra });
const active = (version: string) => ({ version, state: 'Active, last update Successful' });
const judge = (value: VersionsSignal, cfg = withVersion()) =>
  evaluateBlockers(
    { alias: { ok: true, value: aliasState() }, versions: { ok: true, value }, actors },
    cfg,
    MONDAY_MORNING,
  );
const row = (v: ReturnType<typeof evaluateBlockers>) => v.checks.find((c) => c.kind === 'version')!;

describe('the versions check', () => {
  it('passes an Active new version and says what the rollback target is', () => {
    const v = judge({ next: active('4'), previous: active('3') });
    expect(v.blocked).toBe(false);
    expect(row(v)).toMatchObject({
      title: 'Versions',
      state: 'pass',
      detail:
        'version 4 can take traffic (Active, last update Successful); version 3, the rollback target, is Active, last update Successful',
    });
  });

  it('blocks a new version the adapter found unable to take traffic, with its reason', () => {
    const problem = 'the last update of version 4 failed (Layer not found); publish a new version';
    const v = judge({ next: { ...active('4'), problem }, previous: active('3') });
    expect(v.blocked).toBe(true);
    expect(v.reasons).toEqual([
      { kind: 'version', name: 'orders:4', state: 'block', detail: problem },
    ]);
    expect(row(v)).toMatchObject({ state: 'block', detail: problem });
  });

  it('no override lifts it, not even all: shift-traffic would refuse the version anyway', () => {
    const cfg = withVersion({
      override: 'all',
      'override-reason': 'hotfix',
      'override-actors': 'alice',
    });
    const v = judge(
      { next: { ...active('4'), problem: 'the last update of version 4 failed' } },
      cfg,
    );
    expect(v.blocked).toBe(true);
    expect(v.reasons.map((r) => r.kind)).toEqual(['version']);
    expect(row(v).overridden).toBeUndefined();
  });

  it('a cold rollback target is advice, with the command that wakes it, never a blocker', () => {
    const cold =
      'version 3, the one a rollback returns to, is Inactive (idle for 14 days): ... aws lambda invoke --function-name orders:3 /dev/null ...';
    const v = judge({ next: active('4'), previous: { ...active('3'), cold } });
    expect(v.blocked).toBe(false);
    expect(row(v).state).toBe('warn');
    expect(v.warnings).toEqual([{ kind: 'version', name: 'orders:3', detail: cold }]);
    expect(renderSummary(v, 'orders:live')).toContain('is Inactive (idle for 14 days)');
  });

  it('versions that could not be read stop a start, as every unread signal does', () => {
    const v = evaluateBlockers(
      { versions: { ok: false, error: 'AccessDeniedException: no' }, actors },
      withVersion(),
      MONDAY_MORNING,
    );
    expect(v.blocked).toBe(true);
    expect(v.reasons[0]).toMatchObject({ kind: 'version', state: 'error' });
    expect(v.reasons[0].detail).toBe('could not read the versions: AccessDeniedException: no');
  });

  it('is skipped without a version input', () => {
    const v = evaluateBlockers({ actors }, config(), MONDAY_MORNING);
    expect(row(v)).toMatchObject({ state: 'skipped', detail: 'no version given' });
  });
});

describe('the version input', () => {
  it('is read with function-name and alias, and refused without them or when not a version', () => {
    expect(withVersion().target).toEqual({ functionName: 'orders', alias: 'live', version: '4' });
    expect(() => config({ version: '4' })).toThrow(InputError);
    expect(() => withVersion({ version: '$LATEST' })).toThrow(/published version number/);
  });
});

describe('the rollback target', () => {
  it('is the alias version now, or the previous version a split alias records; none when it is the new one', () => {
    expect(rollbackTargetOf(aliasState(), '4')).toBe('3');
    expect(rollbackTargetOf(aliasState({ primaryVersion: '4' }), '4')).toBeUndefined();
    const split = aliasState({
      primaryVersion: '5',
      additional: { version: '4', weight: 0.5 },
      record: encodeRecord({
        previousVersion: '2',
        version: '4',
        strategy: 'canary 50% 5m',
        startedAt: MONDAY_MORNING,
        status: 'in-progress',
      }),
    });
    expect(rollbackTargetOf(split, '4')).toBe('2');
  });
});
