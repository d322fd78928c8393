import { describe, expect, it } from '@jest/globals';
import { aliasCommands } from '../../../../src/adapters/lambda/commands.js';
import type { AlarmSnapshot } from '../../../../src/core/alarms.js';
import { encodeRecord } from '../../../../src/core/deployment-record.js';
import { type BlockerSignals, evaluateBlockers } from '../../../../src/core/blockers/evaluate.js';
import { alarm, aliasState, config, MONDAY_MORNING } from './fixtures.js';

const actors = { actor: 'alice' };
const alarmsOk = (...snapshots: AlarmSnapshot[]): BlockerSignals => ({
  alarms: { ok: true, value: snapshots },
  actors,
});
const checkOf = (verdict: ReturnType<typeof evaluateBlockers>, kind: string) =>
  verdict.checks.find((c) => c.kind === kind)!;

const commands = aliasCommands('orders', 'live');

describe('alarms', () => {
  const cfg = config({ alarms: 'orders-errors\norders-latency' });

  it('passes when every alarm is OK', () => {
    const v = evaluateBlockers(
      alarmsOk(alarm('orders-errors', 'OK'), alarm('orders-latency', 'OK')),
      cfg,
      MONDAY_MORNING,
    );
    expect(v.blocked).toBe(false);
    expect(checkOf(v, 'alarm')).toMatchObject({ state: 'pass', detail: '2 checked' });
  });

  it('blocks on an alarm in ALARM, naming it and its reason', () => {
    const v = evaluateBlockers(
      alarmsOk(alarm('orders-errors', 'ALARM'), alarm('orders-latency', 'OK')),
      cfg,
      MONDAY_MORNING,
    );
    expect(v.blocked).toBe(true);
    expect(v.reasons).toEqual([
      {
        kind: 'alarm',
        name: 'orders-errors',
        state: 'block',
        detail: expect.stringMatching(/metric alarm in ALARM: Threshold Crossed/),
      },
    ]);
  });

  it('blocks on a composite alarm in ALARM', () => {
    const composite: AlarmSnapshot = {
      name: 'orders-health',
      type: 'composite',
      state: 'ALARM',
      reason: 'child in ALARM',
      rule: 'ALARM(orders-errors)',
    };
    const v = evaluateBlockers(
      alarmsOk(composite),
      config({ alarms: 'orders-health' }),
      MONDAY_MORNING,
    );
    expect(v.reasons).toEqual([
      expect.objectContaining({
        name: 'orders-health',
        detail: expect.stringMatching(/^composite alarm in ALARM/),
      }),
    ]);
  });

  it('warns on INSUFFICIENT_DATA by default and blocks when told to', () => {
    const signals = alarmsOk(
      alarm('orders-errors', 'INSUFFICIENT_DATA'),
      alarm('orders-latency', 'OK'),
    );
    const warned = evaluateBlockers(signals, cfg, MONDAY_MORNING);
    expect(warned.blocked).toBe(false);
    expect(checkOf(warned, 'alarm').state).toBe('warn');
    expect(warned.warnings.map((w) => w.name)).toEqual(['orders-errors']);
    const blocked = evaluateBlockers(
      signals,
      config({ alarms: 'orders-errors\norders-latency', 'insufficient-data': 'block' }),
      MONDAY_MORNING,
    );
    expect(blocked.blocked).toBe(true);
    expect(blocked.reasons[0]).toMatchObject({
      name: 'orders-errors',
      state: 'block',
      detail: expect.stringMatching(/INSUFFICIENT_DATA/),
    });
  });

  it('treats a named alarm that does not exist as an error, never a pass', () => {
    const v = evaluateBlockers(alarmsOk(alarm('orders-errors', 'OK')), cfg, MONDAY_MORNING);
    expect(v.blocked).toBe(true);
    expect(checkOf(v, 'alarm').state).toBe('error');
    expect(v.reasons).toEqual([
      expect.objectContaining({
        name: 'orders-latency',
        state: 'error',
        detail: expect.stringMatching(/no such alarm/),
      }),
    ]);
  });

  it('treats a prefix that matches nothing as an error', () => {
    const v = evaluateBlockers(alarmsOk(), config({ 'alarm-prefixes': 'ordres-' }), MONDAY_MORNING);
    expect(v.reasons).toEqual([expect.objectContaining({ name: 'ordres-*', state: 'error' })]);
  });

  it('treats alarms it could not read as an error', () => {
    const v = evaluateBlockers(
      { alarms: { ok: false, error: 'AccessDenied (needs cloudwatch:DescribeAlarms)' }, actors },
      cfg,
      MONDAY_MORNING,
    );
    expect(v.blocked).toBe(true);
    expect(checkOf(v, 'alarm')).toMatchObject({
      state: 'error',
      detail: expect.stringMatching(/cloudwatch:DescribeAlarms/),
    });
  });

  it('is skipped when no alarms are configured', () => {
    expect(checkOf(evaluateBlockers({ actors }, config(), MONDAY_MORNING), 'alarm').state).toBe(
      'skipped',
    );
  });
});

describe('calendar', () => {
  it('passes inside a window and says when it closes', () => {
    const v = evaluateBlockers(
      { actors },
      config({ windows: 'Mon-Fri 09:00-16:00 Europe/Berlin' }),
      MONDAY_MORNING,
    );
    expect(checkOf(v, 'window')).toMatchObject({
      state: 'pass',
      detail: 'inside "Mon-Fri 09:00-16:00 Europe/Berlin" until Mon 2026-01-05 16:00 Europe/Berlin',
    });
  });

  it('blocks outside every window and says when the next one opens', () => {
    const v = evaluateBlockers(
      { actors },
      config({ windows: 'Mon-Fri 13:00-16:00 Europe/Berlin\nSat 10:00-11:00 UTC' }),
      MONDAY_MORNING,
    );
    expect(v.blocked).toBe(true);
    expect(v.reasons[0].detail).toMatch(
      /outside every deploy window .*next start possible Mon 2026-01-05 13:00 Europe\/Berlin/,
    );
    expect(v.nextStart).toBe(Date.parse('2026-01-05T12:00:00Z'));
  });

  it('blocks inside a freeze with its reason and the freeze end', () => {
    const v = evaluateBlockers(
      { actors },
      config({ freezes: '2026-01-01 .. 2026-01-06T12:00 Europe/Berlin: new-year freeze' }),
      MONDAY_MORNING,
    );
    expect(v.reasons).toEqual([
      expect.objectContaining({
        kind: 'freeze',
        name: 'new-year freeze',
        detail: expect.stringMatching(/until Tue 2026-01-06 12:00 Europe\/Berlin/),
      }),
    ]);
  });

  it('blocks on a public holiday of the region', () => {
    const epiphany = Date.parse('2026-01-06T10:00:00Z');
    const v = evaluateBlockers({ actors }, config({ holidays: 'DE-BY' }), epiphany);
    expect(v.reasons).toEqual([
      expect.objectContaining({ kind: 'holiday', name: 'DE-BY: Epiphany' }),
    ]);
    expect(
      checkOf(
        evaluateBlockers({ actors }, config({ holidays: 'DE-BY' }), MONDAY_MORNING),
        'holiday',
      ).state,
    ).toBe('pass');
  });
});

describe('in flight', () => {
  const cfg = config({ 'function-name': 'orders', alias: 'live' });

  it('blocks on a split alias, naming versions, weights, the deployment and the fix', () => {
    const description = encodeRecord({
      previousVersion: '3',
      version: '4',
      strategy: 'canary 10% 5m',
      startedAt: MONDAY_MORNING - 20 * 60_000,
      status: 'in-progress',
      runUrl: 'https://github.com/o/r/actions/runs/1',
    });
    const alias = aliasState({ additional: { version: '4', weight: 0.1 }, record: description });
    const v = evaluateBlockers(
      { alias: { ok: true, value: alias }, commands, actors },
      cfg,
      MONDAY_MORNING,
    );
    expect(v.blocked).toBe(true);
    const [reason] = v.reasons;
    expect(reason).toMatchObject({ kind: 'in-flight', name: 'orders:live', state: 'block' });
    expect(reason.detail).toContain('version 3 at 90% and version 4 at 10%');
    expect(reason.detail).toContain(
      'deployment of version 4 (previous version 3, canary 10% 5m), in-progress since 2026-01-05 09:40 UTC (20m ago), run https://github.com/o/r/actions/runs/1',
    );
    expect(reason.detail).toContain(
      "aws lambda update-alias --function-name orders --name live --function-version 3 --routing-config 'AdditionalVersionWeights={}'",
    );
  });

  it('blocks on a split alias without a record too', () => {
    const v = evaluateBlockers(
      {
        alias: { ok: true, value: aliasState({ additional: { version: '9', weight: 0.5 } }) },
        commands,
        actors,
      },
      cfg,
      MONDAY_MORNING,
    );
    expect(v.reasons[0].detail).toMatch(/no deployment record/);
  });

  it('passes an unsplit alias, mentioning the last deployment', () => {
    const description = encodeRecord({
      previousVersion: '2',
      version: '3',
      strategy: 'linear',
      startedAt: MONDAY_MORNING - 3 * 86_400_000,
      status: 'succeeded',
    });
    const v = evaluateBlockers(
      { alias: { ok: true, value: aliasState({ record: description }) }, commands, actors },
      cfg,
      MONDAY_MORNING,
    );
    expect(checkOf(v, 'in-flight')).toMatchObject({
      state: 'pass',
      detail: expect.stringMatching(
        /version 3 at 100%; last: deployment of version 3 .* succeeded since .*\(3d ago\)/,
      ),
    });
  });

  it('warns when the record says in progress but the alias is not split', () => {
    const description = encodeRecord({
      previousVersion: '3',
      version: '4',
      strategy: 'canary',
      startedAt: MONDAY_MORNING,
      status: 'in-progress',
    });
    const v = evaluateBlockers(
      { alias: { ok: true, value: aliasState({ record: description }) }, commands, actors },
      cfg,
      MONDAY_MORNING,
    );
    expect(v.blocked).toBe(false);
    expect(checkOf(v, 'in-flight').state).toBe('warn');
  });

  it('treats an alias it could not read as an error', () => {
    const v = evaluateBlockers(
      { alias: { ok: false, error: 'ResourceNotFoundException: Alias not found' }, actors },
      cfg,
      MONDAY_MORNING,
    );
    expect(v.reasons).toEqual([expect.objectContaining({ kind: 'in-flight', state: 'error' })]);
  });
});

describe('blocking issues', () => {
  const issue = {
    number: 12,
    title: 'Payments degraded',
    url: 'https://github.com/o/r/issues/12',
    label: 'deploy-blocker',
  };

  it('blocks on each open labelled issue with its title and link', () => {
    const v = evaluateBlockers(
      { issues: { ok: true, value: [issue] }, actors },
      config(),
      MONDAY_MORNING,
    );
    expect(v.reasons).toEqual([
      {
        kind: 'issue',
        name: '#12',
        state: 'block',
        detail: 'open deploy-blocker issue: Payments degraded (https://github.com/o/r/issues/12)',
      },
    ]);
  });

  it('passes with none, and is skipped without a token or labels', () => {
    expect(
      checkOf(
        evaluateBlockers({ issues: { ok: true, value: [] }, actors }, config(), MONDAY_MORNING),
        'issue',
      ).state,
    ).toBe('pass');
    expect(checkOf(evaluateBlockers({ actors }, config(), MONDAY_MORNING), 'issue')).toMatchObject({
      state: 'skipped',
      detail: 'no github-token given',
    });
    expect(
      checkOf(
        evaluateBlockers({ actors }, config({ 'blocking-labels': ' ' }), MONDAY_MORNING),
        'issue',
      ),
    ).toMatchObject({ state: 'skipped', detail: 'no blocking-labels given' });
  });

  it('treats issues it could not list as an error', () => {
    const v = evaluateBlockers(
      {
        issues: {
          ok: false,
          error: 'HttpError: Resource not accessible by integration (needs issues: read)',
        },
        actors,
      },
      config(),
      MONDAY_MORNING,
    );
    expect(v.reasons[0]).toMatchObject({ kind: 'issue', state: 'error' });
  });
});
