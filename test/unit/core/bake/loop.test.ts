// The bake loop over a manual clock: a 10-minute bake runs in milliseconds.
import { describe, expect, it } from '@jest/globals';
import { AbortError, ManualClock } from '../../../../src/core/clock.js';
import { type BakeConfig } from '../../../../src/core/bake/config.js';
import { LATE_METRICS_WAIT_MS } from '../../../../src/core/bake/judge-constants.js';
import { type EvidencePorts, runBake } from '../../../../src/core/bake/loop.js';
import type { Window } from '../../../../src/core/bake/observations.js';
import { config, MIN, type PeriodSpec, reading, T0 } from './fixtures.js';

/** Ports that serve every complete period up to the window's end, as CloudWatch would. */
function ports(
  spec: (minute: number) => PeriodSpec,
  failAt: (call: number) => boolean = () => false,
  lagMs = 0,
): EvidencePorts & { calls: number } {
  const p = {
    calls: 0,
    async readMetrics(window: Window) {
      p.calls++;
      if (failAt(p.calls))
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      const minutes = Math.max(0, Math.floor((window.end - lagMs - T0) / MIN));
      return reading(Array.from({ length: minutes }, (_, i) => spec(i)));
    },
  };
  return p;
}

function bake(
  over: Partial<BakeConfig>,
  evidence: EvidencePorts,
  signal?: AbortSignal,
  pollIntervalMs = 30_000,
) {
  const clock = new ManualClock(T0);
  return {
    clock,
    done: runBake({
      config: config(over),
      version: '5',
      previousVersion: '4',
      bakeStart: T0,
      deployStart: T0,
      baselineSource: 'concurrent',
      pollIntervalMs,
      clock,
      ports: evidence,
      signal,
    }),
  };
}

describe('runBake', () => {
  it('passes the latency threshold the first read set to every later read, unchanged', async () => {
    const windows: Window[] = [];
    const evidence: EvidencePorts = {
      async readMetrics(window: Window) {
        windows.push(window);
        const minutes = Math.max(0, Math.floor((window.end - T0) / MIN));
        // Each read would set a different threshold from its data: only the first counts.
        const r = reading(Array.from({ length: minutes }, () => ({})));
        return {
          ...r,
          latencyThreshold: window.latencyThreshold ?? { ms: 100 + windows.length },
        };
      },
    };
    await bake({}, evidence).done;
    expect(windows[0].latencyThreshold).toBeUndefined();
    expect(windows.length).toBeGreaterThan(2);
    expect(windows.slice(1).every((w) => w.latencyThreshold?.ms === 101)).toBe(true);
  });

  it('passes a healthy version once the bake time is over, not before', async () => {
    const { clock, done } = bake(
      {},
      ports(() => ({})),
    );
    const out = await done;
    expect(out.verdict).toBe('pass');
    expect(clock.now() - T0).toBe(10 * MIN);
    expect(out.polls.filter((p) => p.verdict === 'pass').length).toBeGreaterThan(1);
  });

  it('asks CloudWatch once per period, however often it polls: alarms every poll, metrics when a period has ended', async () => {
    let alarmReads = 0;
    const metrics = ports(() => ({}));
    const { done } = bake(
      {},
      {
        ...metrics,
        readAlarms: async () => {
          alarmReads++;
          return { firing: [], insufficientData: [], ok: [], missingNames: [], emptyPrefixes: [] };
        },
      },
      undefined,
      10_000,
    );
    const out = await done;
    expect(out.verdict).toBe('pass');
    expect(out.polls.length).toBeGreaterThanOrEqual(60);
    expect(alarmReads).toBe(out.polls.length);
    // 10 minutes of 1-minute periods: one read as the bake starts, one per period after.
    expect(metrics.calls).toBeLessThanOrEqual(11);
  });

  it('fails a bad version as soon as the evidence is significant, before the bake time', async () => {
    const { clock, done } = bake(
      {},
      ports(() => ({ version: { errors: 12 } })),
    );
    const out = await done;
    expect(out.verdict).toBe('fail');
    expect(clock.now() - T0).toBeLessThan(10 * MIN);
    expect(out.judgement!.checks.find((c) => c.check === 'error-rate')!.outcome).toBe('fail');
  });

  it('waits for metrics that land late to cover the whole bake before passing', async () => {
    const { clock, done } = bake(
      { maxBakeTimeMs: 20 * MIN },
      ports(() => ({}), undefined, 2 * MIN),
    );
    const out = await done;
    expect(out.verdict).toBe('pass');
    expect(clock.now() - T0).toBe(12 * MIN);
    expect(out.judgement!.lookMs).toBe(10 * MIN);
  });

  it('waits past max-bake-time for a 5.5-minute publication delay, and passes a good version on the whole bake', async () => {
    const { clock, done } = bake(
      {},
      ports(() => ({}), undefined, 5.5 * MIN),
    );
    const out = await done;
    expect(out.polls.some((p) => p.verdict === 'fail')).toBe(false);
    expect(out.verdict).toBe('pass');
    expect(clock.now() - T0).toBe(16 * MIN);
    expect(out.judgement!.coveredMs).toBe(10 * MIN);
    // The polls while it waited say what it waited for.
    expect(out.polls.find((p) => p.elapsedMs === 10 * MIN)!.reason).toMatch(
      /\(waiting for metrics: they cover 4m of the 10m bake-time; the newest datapoint CloudWatch returned ends at 2026-01-05T10:04:00\.000Z, 6m before the last complete period\)$/,
    );
  });

  it('ends in Error, never a pass and never a fail, when the metrics stay late past the bound', async () => {
    const { clock, done } = bake(
      {},
      ports(() => ({}), undefined, 20 * MIN),
    );
    const out = await done;
    expect(out.polls.some((p) => p.verdict === 'fail')).toBe(false);
    // The 5 minutes published would pass on their own: a pass needs the whole bake-time.
    expect(out.polls[out.polls.length - 1].verdict).toBe('pass');
    expect(out.verdict).toBe('error');
    // max-bake-time (10m) and the 15 minutes it waits for late metrics.
    expect(clock.now() - T0).toBe(10 * MIN + LATE_METRICS_WAIT_MS);
    expect(out.reason).toBe(
      'Metrics are 20m late: they cover 5m of the 10m bake-time; the newest datapoint CloudWatch returned ends at 2026-01-05T10:05:00.000Z, 20m before the last complete period. The bake waited 15m past max-bake-time for them; without them there is no verdict.',
    );
  });

  it('does not pass at max-bake-time on part of the bake: it waits for the rest', async () => {
    // At max-bake-time (10m) 6 minutes are published, enough requests to pass on their own.
    const { clock, done } = bake(
      {},
      ports(() => ({}), undefined, 4 * MIN),
    );
    const out = await done;
    const atMax = out.polls.find((p) => p.elapsedMs === 10 * MIN)!;
    expect(atMax.verdict).toBe('pass');
    expect(atMax.reason).toMatch(/\(waiting for metrics: they cover 6m of the 10m bake-time;/);
    expect(out.verdict).toBe('pass');
    expect(clock.now() - T0).toBe(14 * MIN);
    expect(out.judgement!.coveredMs).toBe(10 * MIN);
  });

  it('ends in Error when nothing of the bake is ever published, saying it covers none of it', async () => {
    const { done } = bake(
      { maxBakeTimeMs: 12 * MIN },
      ports(() => ({}), undefined, 60 * MIN),
    );
    const out = await done;
    expect(out.polls.some((p) => p.verdict === 'pass' || p.verdict === 'fail')).toBe(false);
    expect(out.verdict).toBe('error');
    expect(out.reason).toMatch(/^Metrics are 27m late: they cover none of the 10m bake-time;/);
  });

  it('with on-inconclusive fail, still waits for late metrics before calling too few requests inconclusive', async () => {
    const { clock, done } = bake(
      { onInconclusive: 'fail', minInvocations: 1100 },
      ports(() => ({}), undefined, 3 * MIN),
    );
    const out = await done;
    expect(out.verdict).toBe('pass');
    expect(clock.now() - T0).toBe(13 * MIN);
  });

  it('extends the bake to max-bake-time for min-invocations, then passes', async () => {
    const { clock, done } = bake(
      { maxBakeTimeMs: 20 * MIN, minInvocations: 1500 },
      ports(() => ({})),
    );
    const out = await done;
    expect(out.verdict).toBe('pass');
    expect(clock.now() - T0).toBeGreaterThan(10 * MIN);
    expect(clock.now() - T0).toBeLessThanOrEqual(20 * MIN);
  });

  it('ends inconclusive at max-bake-time when the version never gets traffic', async () => {
    const none = { version: { invocations: 0, errors: 0, p99: undefined } };
    const { clock, done } = bake(
      { maxBakeTimeMs: 15 * MIN },
      ports(() => none),
    );
    const out = await done;
    expect(out.verdict).toBe('inconclusive');
    expect(clock.now() - T0).toBe(15 * MIN);
    expect(out.reason).toMatch(
      /^Version 5 served no requests: its error rate is unknown\. after extending/,
    );
  });

  it('with on-inconclusive other than extend, stops at bake-time', async () => {
    const none = { version: { invocations: 0, errors: 0, p99: undefined } };
    const { clock, done } = bake(
      { maxBakeTimeMs: 15 * MIN, onInconclusive: 'fail' },
      ports(() => none),
    );
    expect((await done).verdict).toBe('inconclusive');
    expect(clock.now() - T0).toBe(10 * MIN);
  });

  it('keeps a throttled metrics API apart: Error polls, then a pass once it reads again', async () => {
    const { done } = bake(
      {},
      ports(
        () => ({}),
        (call) => call >= 3 && call <= 6,
      ),
    );
    const out = await done;
    expect(out.polls.filter((p) => p.verdict === 'error')).toHaveLength(4);
    expect(out.polls.find((p) => p.verdict === 'error')!.reason).toBe(
      'The evidence could not be read: ThrottlingException: Rate exceeded',
    );
    expect(out.verdict).toBe('pass');
  });

  it('ends in Error, not a pass and not a fail, when the evidence cannot be read at the end', async () => {
    const { done } = bake(
      { maxBakeTimeMs: 12 * MIN },
      ports(
        () => ({}),
        (call) => call >= 10,
      ),
    );
    const out = await done;
    expect(out.verdict).toBe('error');
  });

  it('stops waiting at once when cancelled', async () => {
    const controller = new AbortController();
    const evidence = ports(() => ({}));
    const { done } = bake(
      {},
      {
        readMetrics: async (w) => {
          if (evidence.calls === 2) controller.abort('SIGINT');
          return evidence.readMetrics(w);
        },
      },
      controller.signal,
    );
    await expect(done).rejects.toBeInstanceOf(AbortError);
    expect(evidence.calls).toBe(3);
  });

  it('looks at the alarms on every poll and fails when one fires', async () => {
    let calls = 0;
    const evidence: EvidencePorts = {
      ...ports(() => ({})),
      readAlarms: async () => {
        calls++;
        const firing =
          calls >= 4
            ? [
                {
                  name: 'v5-errors',
                  type: 'metric' as const,
                  state: 'ALARM' as const,
                  reason: 'Threshold Crossed',
                },
              ]
            : [];
        return { firing, ok: [], insufficientData: [], missingNames: [], emptyPrefixes: [] };
      },
    };
    const out = await bake({}, evidence).done;
    expect(out.verdict).toBe('fail');
    expect(out.reason).toBe('Alarm firing: v5-errors (Threshold Crossed).');
    expect(calls).toBe(4);
  });
});
