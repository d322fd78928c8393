// The evidence guard inside the shift loop, on a ManualClock with a fake metrics port that
// turns the alias's weights into per-version counts: a clean canary passes through, a
// 1% -> 5% regression at 10% fails the step and restores, no traffic is inconclusive (never
// a pass) and the shift goes on on its alarms, three read errors in a row fail.
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_METRICS, parseMetricRules } from '../../../../src/core/bake/config.js';
import type {
  MetricsReading,
  PeriodSample,
  Window,
} from '../../../../src/core/bake/observations.js';
import { ManualClock } from '../../../../src/core/clock.js';
import {
  evidenceConfig,
  evidenceGuard,
  type EvidenceGuard,
  MAX_CONSECUTIVE_READ_ERRORS,
} from '../../../../src/core/bake/evidence-guard.js';
import { runShift, type ShiftOutcome, type StepGuard } from '../../../../src/core/shift.js';
import { parseStrategy, schedule } from '../../../../src/core/strategy.js';
import { renderSummary } from '../../../../src/shift-traffic/summary.js';
import { FakeAlias } from '../fake-alias.js';

const MIN = 60_000;
const SETTINGS = {
  rules: parseMetricRules('metrics', DEFAULT_METRICS),
  significance: 0.01,
  periodS: 60,
  minInvocations: 100,
  trafficDrop: 0.9,
};

interface Traffic {
  /** Requests through the alias per 60 s period. */
  perPeriod: number;
  versionErrorRate: number;
  baselineErrorRate: number;
  /** The part of the calls routed to version 4 it counts (1 unless it is a silent canary). */
  versionServes?: number;
}

/** The alias's weight on version 4 at `t`, from the writes the shift made. */
function weightAt(alias: FakeAlias, t: number): number {
  const write = alias.writes.filter((w) => w.at <= t).at(-1);
  if (!write) return 0;
  if (write.routing.primaryVersion === '4') return 1;
  return write.routing.additional?.version === '4' ? write.routing.additional.weight : 0;
}

/** GetMetricData as the adapter returns it: one sample per complete period of the window. */
function metricsPort(alias: FakeAlias, traffic: Traffic) {
  const port = {
    reads: 0,
    fail: (): Error | undefined => undefined,
    async readMetrics(window: Window): Promise<MetricsReading> {
      port.reads++;
      const error = port.fail();
      if (error) throw error;
      const periods: PeriodSample[] = [];
      for (let t = window.start; t + MIN <= window.end; t += MIN) {
        const routed = Math.round(traffic.perPeriod * weightAt(alias, t));
        const v = Math.round(routed * (traffic.versionServes ?? 1));
        const b = traffic.perPeriod - routed;
        periods.push({
          start: t,
          version: {
            invocations: v,
            errors: Math.round(v * traffic.versionErrorRate),
            throttles: 0,
            ...(v > 0 ? { p99: 100 } : {}),
            slow: Math.round(v * 0.01),
          },
          baseline: {
            invocations: b,
            errors: Math.round(b * traffic.baselineErrorRate),
            throttles: 0,
            ...(b > 0 ? { p99: 100 } : {}),
            slow: Math.round(b * 0.01),
          },
          aliasInvocations: traffic.perPeriod,
        });
      }
      // The latency threshold: the baseline's p99 before the shift, 1% of calls above it.
      return { periods, partial: false, messages: [], slowerThanMs: 100 };
    },
  };
  return port;
}

const okAlarms: StepGuard = { name: 'alarms', check: async () => 'ok' };

async function shiftWith(strategy: string, traffic: Traffic, fail?: () => Error | undefined) {
  const clock = new ManualClock();
  const alias = new FakeAlias(clock);
  const port = metricsPort(alias, traffic);
  if (fail) port.fail = fail;
  const plan = parseStrategy(strategy);
  const startedAt = clock.now();
  const warnings: string[] = [];
  const guard: EvidenceGuard = evidenceGuard({
    config: evidenceConfig(SETTINGS, plan),
    version: '4',
    previousVersion: '3',
    startedAt,
    clock,
    readMetrics: (w) => port.readMetrics(w),
    onReadError: (reason) => warnings.push(reason),
    // As shift-traffic feeds it: the weight of the last write, since that write.
    routedWeight: () => {
      const last = alias.writes.at(-1);
      return { weight: weightAt(alias, clock.now()), since: last?.at ?? startedAt };
    },
  });
  const outcome = await runShift({
    target: alias,
    current: alias.state,
    plan,
    owner: { runId: '1', attempt: 1, token: 'bench' },
    previousVersion: '3',
    version: '4',
    startWeight: 0,
    startedAt,
    guards: [okAlarms, guard],
    pollIntervalMs: 10_000,
    onFailure: 'rollback',
    clock,
    signal: new AbortController().signal,
    random: () => 0.5,
  });
  const summary = renderSummary(outcome, {
    functionName: 'orders',
    alias: 'live',
    commands: alias.commands,
    previousVersion: '3',
    version: '4',
    plan,
    schedule: schedule(plan, startedAt),
    startedAt,
    endedAt: clock.now(),
    timeline: [],
    noData: [],
    watchedNothing: false,
    evidence: { last: guard.last, looks: guard.looks },
  });
  return { outcome, guard, port, alias, clock, startedAt, warnings, summary };
}

const cause = (o: ShiftOutcome) => ('cause' in o ? o.cause : undefined);

describe('the evidence guard in a shift', () => {
  it('lets a clean canary through and says the evidence matched, reading once per period', async () => {
    const r = await shiftWith('canary 10% 10m', {
      perPeriod: 1200,
      versionErrorRate: 0.01,
      baselineErrorRate: 0.01,
    });
    expect(r.outcome.status).toBe('succeeded');
    expect(r.alias.state).toMatchObject({ primaryVersion: '4' });
    expect(r.guard.last!.verdict).toBe('pass');
    expect(r.guard.looks.map((l) => l.verdict)).not.toContain('fail');
    // Polled every 10 s for 10 minutes, but a new period settles only once a minute.
    expect(r.port.reads).toBe(11);
    expect(r.summary).toContain('| Alarms | No alarm fired. |');
    expect(r.summary).toMatch(/The evidence matched version 3: Version 4 served/);
    expect(r.summary).toContain('### Evidence');
    expect(r.summary).toMatch(
      /\| error-rate \| pass \| 0\.833% \| 1\.019% \| 1200 \/ 10800 \| exact binomial p-value/,
    );
  });

  it('fails a 1% -> 5% regression at the 10% step, naming the error rates, and restores', async () => {
    const r = await shiftWith('canary 10% 30m', {
      perPeriod: 1200,
      versionErrorRate: 0.05,
      baselineErrorRate: 0.01,
    });
    expect(r.outcome.status).toBe('rolled-back');
    expect(cause(r.outcome)).toMatchObject({ kind: 'guard', guard: 'evidence', weight: 0.1 });
    expect(cause(r.outcome)!.reason).toMatch(
      /^evidence from per-version metrics: the error rate of version 4 is 5% \(\d+\/\d+\) against 1\.0\d*% \(\d+\/\d+\) for version 3: worse beyond the 0% minimum effect \(p = .* <= .*\)$/,
    );
    expect(r.alias.state).toMatchObject({ primaryVersion: '3' });
    expect(r.alias.state.additional).toBeUndefined();
    // Caught well inside the 30-minute canary, not at its end.
    expect(r.clock.now() - r.startedAt).toBeLessThan(15 * MIN);
    expect(r.summary).toContain(
      '**Rolled back: orders:live is fully on version 3 again because the evidence was against version 4.**',
    );
    expect(r.summary).toMatch(/\| Reason \| evidence from per-version metrics: the error rate/);
    expect(r.summary).toMatch(/\| error-rate \| fail \| 5% \| 1\.0\d*% \|/);
  });

  it('fails a silent canary at its 10% step: the version serves far less than it is routed', async () => {
    const r = await shiftWith('canary 10% 30m', {
      perPeriod: 1200,
      versionErrorRate: 0.01,
      baselineErrorRate: 0.01,
      versionServes: 0,
    });
    expect(r.outcome.status).toBe('rolled-back');
    expect(cause(r.outcome)).toMatchObject({ kind: 'guard', guard: 'evidence', weight: 0.1 });
    expect(cause(r.outcome)!.reason).toMatch(
      /version 4 served 0% of the calls to versions 4 and 3 \(0 of \d+\) while the alias routes it 10%/,
    );
    expect(r.clock.now() - r.startedAt).toBeLessThan(15 * MIN);
  });

  it('never takes no traffic for a pass: the step goes on on its alarms, the summary says inconclusive', async () => {
    const r = await shiftWith('canary 10% 5m', {
      perPeriod: 0,
      versionErrorRate: 0,
      baselineErrorRate: 0,
    });
    expect(r.outcome.status).toBe('succeeded');
    expect(new Set(r.guard.looks.map((l) => l.verdict))).toEqual(new Set(['inconclusive']));
    expect(r.guard.last!.reason).toBe('Version 4 served no requests: its error rate is unknown.');
    expect(r.summary).toMatch(
      /\*\*Version 4 now takes all traffic .*; the evidence was not a pass\.\*\*/,
    );
    expect(r.summary).toMatch(
      /The evidence was inconclusive \(not a pass\): Version 4 served no requests/,
    );
    expect(r.summary).toMatch(
      /\d+ look\(s\) .*: 0 pass, \d+ inconclusive, 0 fail, 0 could not read/,
    );
  });

  it('fails after 3 read errors in a row, warning about the earlier ones', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const r = await shiftWith(
      'canary 10% 5m',
      { perPeriod: 1200, versionErrorRate: 0.01, baselineErrorRate: 0.01 },
      () => throttled,
    );
    expect(r.outcome.status).toBe('rolled-back');
    expect(cause(r.outcome)).toMatchObject({
      kind: 'guard',
      guard: 'evidence',
      reason: 'evidence could not be read 3 times in a row (ThrottlingException: Rate exceeded)',
    });
    expect(r.port.reads).toBe(MAX_CONSECUTIVE_READ_ERRORS);
    expect(r.warnings).toEqual([
      'evidence could not be read: ThrottlingException: Rate exceeded',
      'evidence could not be read: ThrottlingException: Rate exceeded',
    ]);
    expect(r.summary).toContain('The evidence could not be read');
  });

  it('counts only errors in a row: a good read in between resets the count', async () => {
    let n = 0;
    const r = await shiftWith(
      'canary 10% 5m',
      { perPeriod: 1200, versionErrorRate: 0.01, baselineErrorRate: 0.01 },
      () => ([1, 2, 4, 5].includes(++n) ? new Error('boom') : undefined),
    );
    expect(r.outcome.status).toBe('succeeded');
    expect(r.warnings).toHaveLength(4);
    expect(r.guard.looks.filter((l) => l.verdict === 'error')).toHaveLength(4);
  });

  it('prime() reads once before anything changes and throws when the metrics cannot be read', async () => {
    const clock = new ManualClock();
    const plan = parseStrategy('canary 10% 5m');
    const guard = evidenceGuard({
      config: evidenceConfig(SETTINGS, plan),
      version: '4',
      previousVersion: '3',
      startedAt: clock.now(),
      clock,
      readMetrics: async () => {
        throw Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
      },
    });
    await expect(guard.prime()).rejects.toThrow('not authorized');
  });

  it('resumed, spends the budget only on what is published after it took over: no evidence is paid for twice', async () => {
    const clock = new ManualClock();
    const startedAt = clock.now();
    // A 1% -> 5% regression at 10%, seen by a run that resumes the shift 10 minutes in.
    const regression = { perPeriod: 1200, versionErrorRate: 0.05, baselineErrorRate: 0.01 };
    const alias = new FakeAlias(clock);
    const canary = { primaryVersion: '3', additional: { version: '4', weight: 0.1 } };
    alias.writes.push({ at: startedAt, routing: canary, record: '' });
    const port = metricsPort(alias, regression);
    const guardFor = (resumedAt?: number) =>
      evidenceGuard({
        config: evidenceConfig(SETTINGS, parseStrategy('canary 10% 30m')),
        version: '4',
        previousVersion: '3',
        startedAt,
        ...(resumedAt !== undefined ? { resumedAt } : {}),
        clock,
        readMetrics: (w) => port.readMetrics(w),
      });
    clock.advance(10 * MIN);
    const fresh = guardFor();
    const resumed = guardFor(clock.now());

    // The earlier run may already have tested these ten minutes at their share of the budget.
    expect(await fresh.check()).toEqual({ fail: expect.stringMatching(/error rate of version 4/) });
    expect(await resumed.check()).toBe('ok');
    // One more published minute is new evidence, tested at its own share, and the regression shows.
    clock.advance(MIN);
    expect(await resumed.check()).toEqual({
      fail: expect.stringMatching(/error rate of version 4 is 5%/),
    });
  });

  it("judges with the shift's own min-invocations and traffic-drop, over the plan's watching time", () => {
    const config = evidenceConfig(
      { ...SETTINGS, minInvocations: 20, trafficDrop: 0.5 },
      parseStrategy('linear 25% every 2m'),
    );
    expect(config).toMatchObject({
      minInvocations: 20,
      trafficDrop: 0.5,
      // Watched after 25%, 50% and 75%; the last step has nothing after it to watch.
      bakeTimeMs: 6 * MIN,
      maxBakeTimeMs: 6 * MIN,
    });
  });
});
