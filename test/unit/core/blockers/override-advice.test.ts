import { describe, expect, it } from '@jest/globals';
import type { AlarmSnapshot } from '../../../../src/core/alarms.js';
import { type BlockerSignals, evaluateBlockers } from '../../../../src/core/blockers/evaluate.js';
import {
  renderSummary,
  verdictOutputs,
  verdictSentence,
} from '../../../../src/core/blockers/report.js';
import { alarm, aliasState, aliasWideAlarm, config, MONDAY_MORNING } from './fixtures.js';

const firing = (actor: string, triggeringActor?: string): BlockerSignals => ({
  alarms: { ok: true, value: [alarm('orders-errors', 'ALARM')] },
  alias: { ok: true, value: aliasState({ additional: { version: '4', weight: 0.25 } }) },
  actors: { actor, ...(triggeringActor ? { triggeringActor } : {}) },
});
const overriding = (override: string) =>
  config({
    alarms: 'orders-errors',
    'function-name': 'orders',
    alias: 'live',
    override,
    'override-reason': 'hotfix for INC-42',
    'override-actors': 'alice\nbob',
  });

describe('emergency override', () => {
  it('lets an allowed actor lift every kind but in-flight with "all"', () => {
    const v = evaluateBlockers(firing('Alice'), overriding('all'), MONDAY_MORNING);
    expect(v.overridden).toBe(true);
    expect(v.override?.lifted.map((r) => r.kind)).toEqual(['alarm']);
    expect(v.blocked).toBe(true);
    expect(v.reasons.map((r) => r.kind)).toEqual(['in-flight']);
    expect(v.checks.find((c) => c.kind === 'alarm')?.overridden).toBe(true);
  });

  it('lifts in-flight only when named', () => {
    const v = evaluateBlockers(firing('alice'), overriding('alarm, in-flight'), MONDAY_MORNING);
    expect(v.blocked).toBe(false);
    expect(v.overridden).toBe(true);
    expect(verdictSentence(v, 'orders:live')).toBe(
      'Deploying orders:live may start under an emergency override by alice, who lifted 2 blocker(s): "hotfix for INC-42".',
    );
  });

  it('lifts only the kinds it names', () => {
    const v = evaluateBlockers(firing('alice'), overriding('issue'), MONDAY_MORNING);
    expect(v.blocked).toBe(true);
    expect(v.overridden).toBe(false);
    expect(v.reasons.map((r) => r.kind)).toEqual(['alarm', 'in-flight']);
  });

  it("refuses anyone else's override, blocking even when nothing else blocks", () => {
    const v = evaluateBlockers({ actors: { actor: 'mallory' } }, overriding('all'), MONDAY_MORNING);
    expect(v.blocked).toBe(true);
    expect(v.overridden).toBe(false);
    expect(v.reasons).toEqual([
      {
        kind: 'override',
        name: 'mallory',
        state: 'block',
        detail:
          'override refused: mallory is not in override-actors (alice, bob); nothing was lifted',
      },
    ]);
  });

  it("refuses a re-run by someone not allowed, even of an allowed actor's run", () => {
    const v = evaluateBlockers(firing('alice', 'mallory'), overriding('all'), MONDAY_MORNING);
    expect(v.override?.allowed).toBe(false);
    expect(v.override?.refusal).toMatch(/started by mallory/);
    expect(v.reasons.map((r) => r.kind)).toEqual(['alarm', 'in-flight', 'override']);
  });

  it('records the override in the outputs and the summary', () => {
    const v = evaluateBlockers(firing('alice'), overriding('all,in-flight'), MONDAY_MORNING);
    const outputs = verdictOutputs(v);
    expect(outputs.blocked).toBe('false');
    expect(outputs.overridden).toBe('true');
    expect(JSON.parse(outputs.reasons)).toEqual([]);
    expect(JSON.parse(outputs.override)).toMatchObject({
      actor: 'alice',
      reason: 'hotfix for INC-42',
      allowed: true,
      lifted: [
        { kind: 'alarm', name: 'orders-errors' },
        { kind: 'in-flight', name: 'orders:live' },
      ],
    });
    const md = renderSummary(v, 'orders:live');
    expect(md).toContain('**Deploying orders:live may start under an emergency override by alice');
    expect(md).toContain('| Alarms | ⛔ block (overridden) |');
    expect(md).toContain('### Override');
  });
});

describe('advice on alarms that cannot protect a canary', () => {
  const signals = (...snapshots: AlarmSnapshot[]): BlockerSignals => ({
    alarms: { ok: true, value: snapshots },
    actors: { actor: 'alice' },
  });

  it('warns about an alias-wide alarm, never blocking', () => {
    const v = evaluateBlockers(
      signals(aliasWideAlarm('orders-errors', 60, 1)),
      config({ alarms: 'orders-errors' }),
      MONDAY_MORNING,
    );
    expect(v.blocked).toBe(false);
    expect(v.warnings).toEqual([
      expect.objectContaining({
        kind: 'advice',
        name: 'orders-errors',
        detail: expect.stringMatching(/does not watch the new version/),
      }),
    ]);
  });

  it('accepts a version-qualified Resource as watching the version', () => {
    const scoped = aliasWideAlarm('orders-v4');
    scoped.metric!.metrics[0].dimensions = { FunctionName: 'orders', Resource: 'orders:4' };
    const v = evaluateBlockers(signals(scoped), config({ alarms: 'orders-v4' }), MONDAY_MORNING);
    expect(v.checks.find((c) => c.kind === 'advice')?.state).toBe('pass');
  });

  it('warns when period × evaluation periods is longer than the bake time, only when one is given', () => {
    const slow = alarm('orders-errors', 'OK', {});
    slow.metric!.period = 300; // 3 × 5m = 15m
    const withBake = evaluateBlockers(
      signals(slow),
      config({ alarms: 'orders-errors', 'bake-time': '10m' }),
      MONDAY_MORNING,
    );
    expect(withBake.warnings).toEqual([
      expect.objectContaining({
        detail: 'needs 15m (period × evaluation periods) to fire, longer than the bake time of 10m',
      }),
    ]);
    expect(
      evaluateBlockers(signals(slow), config({ alarms: 'orders-errors' }), MONDAY_MORNING).warnings,
    ).toEqual([]);
    expect(
      evaluateBlockers(
        signals(slow),
        config({ alarms: 'orders-errors', 'bake-time': '15m' }),
        MONDAY_MORNING,
      ).warnings,
    ).toEqual([]);
  });

  it('says nothing about composite alarms, and nothing at all with advice: false', () => {
    const composite: AlarmSnapshot = { name: 'health', type: 'composite', state: 'OK', reason: '' };
    expect(
      evaluateBlockers(
        signals(composite),
        config({ alarms: 'health' }),
        MONDAY_MORNING,
      ).checks.find((c) => c.kind === 'advice')?.state,
    ).toBe('skipped');
    const off = evaluateBlockers(
      signals(aliasWideAlarm('orders-errors')),
      config({ alarms: 'orders-errors', advice: 'false' }),
      MONDAY_MORNING,
    );
    expect(off.warnings).toEqual([]);
  });
});

describe('summary', () => {
  it('opens with the verdict, then a table of every check, then the blockers', () => {
    const v = evaluateBlockers(
      firing('alice'),
      config({
        alarms: 'orders-errors',
        'function-name': 'orders',
        alias: 'live',
        windows: 'Mon-Fri 09:00-16:00 Europe/Berlin',
      }),
      MONDAY_MORNING,
    );
    const md = renderSummary(v, 'orders:live');
    const lines = md.split('\n');
    expect(lines[0]).toBe('## check-blockers: orders:live');
    expect(lines[2]).toBe(
      '**Deploying orders:live may not start now: 1 alarm problem(s), another deployment is in flight on the alias.**',
    );
    expect(lines[4]).toBe('| Check | State | Detail |');
    for (const title of [
      'Alarms',
      'Deploy windows',
      'Freezes',
      'Public holidays',
      'In flight',
      'Versions',
      'Blocking issues',
      'Advice',
    ]) {
      expect(md).toMatch(new RegExp(`^\\| ${title} \\| `, 'm'));
    }
    expect(md).toContain('### Blockers');
    expect(JSON.parse(verdictOutputs(v).checks)).toHaveLength(8);
  });

  it('says plainly when a start is allowed', () => {
    const v = evaluateBlockers({ actors: { actor: 'alice' } }, config(), MONDAY_MORNING);
    expect(verdictSentence(v)).toBe('A deployment may start now: no blocker found.');
    expect(verdictOutputs(v)).toMatchObject({
      blocked: 'false',
      reasons: '[]',
      overridden: 'false',
      override: '',
      'next-start': '',
    });
  });
});
