import { describe, expect, it } from '@jest/globals';
import {
  describePlan,
  parseStrategy,
  planDurationMs,
  planWarnings,
  resumeIndex,
  schedule,
} from '../../../src/core/strategy.js';
import { InputError } from '../../../src/core/input-error.js';

const weights = (raw: string): number[] => parseStrategy(raw).steps.map((s) => s.weight);

describe('strategy grammar', () => {
  it('all-at-once is one shift to 100% with no pause', () => {
    expect(parseStrategy('all-at-once')).toEqual({
      strategy: 'all-at-once',
      kind: 'all-at-once',
      steps: [{ weight: 1, holdMs: 0 }],
    });
  });

  it('canary 10% 5m shifts 10%, watches 5 minutes, then shifts the rest', () => {
    expect(parseStrategy('canary 10% 5m').steps).toEqual([
      { weight: 0.1, holdMs: 300_000 },
      { weight: 1, holdMs: 0 },
    ]);
    expect(parseStrategy('Canary 25%  for 90s').steps[0]).toEqual({ weight: 0.25, holdMs: 90_000 });
  });

  it('linear 10% every 1m is nine watched steps and a last one to 100%', () => {
    const plan = parseStrategy('linear 10% every 1m');
    expect(plan.steps.map((s) => s.weight)).toEqual([
      0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
    ]);
    expect(plan.steps.slice(0, 9).every((s) => s.holdMs === 60_000)).toBe(true);
    expect(plan.steps.at(-1)).toEqual({ weight: 1, holdMs: 0 });
  });

  it('linear with an increment that does not divide 100% ends with a smaller last step', () => {
    expect(weights('linear 30% every 1m')).toEqual([0.3, 0.6, 0.9, 1]);
  });

  it('custom steps share one pause with "every"', () => {
    expect(parseStrategy('steps 1%,10%,50%,100% every 5m').steps).toEqual([
      { weight: 0.01, holdMs: 300_000 },
      { weight: 0.1, holdMs: 300_000 },
      { weight: 0.5, holdMs: 300_000 },
      { weight: 1, holdMs: 0 },
    ]);
  });

  it('custom steps take a pause per step, and "every" fills in the rest', () => {
    expect(parseStrategy('steps 5% 2m, 50% for 10m, 100%').steps).toEqual([
      { weight: 0.05, holdMs: 120_000 },
      { weight: 0.5, holdMs: 600_000 },
      { weight: 1, holdMs: 0 },
    ]);
    expect(parseStrategy('steps 5% 30s, 20% every 2m').steps).toEqual([
      { weight: 0.05, holdMs: 30_000 },
      { weight: 0.2, holdMs: 120_000 },
      { weight: 1, holdMs: 0 },
    ]);
  });

  it('custom steps without 100% still end at 100%: a plan never leaves the alias split', () => {
    expect(weights('steps 10%,50% every 1m')).toEqual([0.1, 0.5, 1]);
  });

  it.each([
    ['LambdaCanary10Percent5Minutes', [0.1, 1], 300_000],
    ['LambdaCanary10Percent10Minutes', [0.1, 1], 600_000],
    ['LambdaCanary10Percent15Minutes', [0.1, 1], 900_000],
    ['CodeDeployDefault.LambdaCanary10Percent30Minutes', [0.1, 1], 1_800_000],
    [
      'LambdaLinear10PercentEvery1Minute',
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      540_000,
    ],
    [
      'LambdaLinear10PercentEvery2Minutes',
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      1_080_000,
    ],
    [
      'LambdaLinear10PercentEvery3Minutes',
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      1_620_000,
    ],
    [
      'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes',
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      5_400_000,
    ],
    ['LambdaAllAtOnce', [1], 0],
  ])('accepts the CodeDeploy name %s as its plan', (name, expected, total) => {
    const plan = parseStrategy(name);
    expect(plan.steps.map((s) => s.weight)).toEqual(expected);
    expect(planDurationMs(plan)).toBe(total);
    expect(plan.strategy).toBe(name);
  });

  it.each([
    ['', /Input 'strategy' is empty; expected one of: all-at-once; canary 10% 5m/],
    ['blue-green', /expected one of: all-at-once/],
    ['canary 10%', /canary takes a percentage and a duration/],
    ['canary 0% 5m', /a step above 0% and below 100%, not 0%/],
    ['canary 100% 5m', /a step above 0% and below 100%, not 100%/],
    ['canary ten 5m', /'ten' to be a percentage such as 10%/],
    ['canary 10% 5', /'5' to be a duration such as 5m/],
    ['linear 10% 1m', /linear takes a percentage, "every" and a duration/],
    ['linear 0.5% every 1m', /at most 100 steps, this plan has 200/],
    ['steps 10%,5% every 1m', /step weights must rise; 5% comes after 10%/],
    ['steps 10%,50%', /step 10% has no pause; give one \(10% 5m\) or add "every 5m"/],
    ['steps 10% 1m, 100% 5m', /100% is the end of the shift and takes no pause/],
    ['steps 10% 1m 2m', /is not a step such as 10% or 10% 5m/],
    ['canary 10.0001% 5m', /at most 3 decimals/],
  ])('refuses %j with a message naming the input and the expected form', (raw, message) => {
    expect(() => parseStrategy(raw)).toThrow(InputError);
    expect(() => parseStrategy(raw)).toThrow(message);
  });
});

describe('schedule', () => {
  const start = Date.UTC(2026, 0, 5, 10, 0, 0);

  it('puts each shift after the previous pause', () => {
    const plan = parseStrategy('steps 10% 1m, 50% 2m, 100%');
    expect(schedule(plan, start).map((s) => [s.weight, s.at - start, s.done])).toEqual([
      [0.1, 0, false],
      [0.5, 60_000, false],
      [1, 180_000, false],
    ]);
  });

  it('a resumed run skips what is done and starts from the current weight', () => {
    const plan = parseStrategy('linear 25% every 1m');
    expect(resumeIndex(plan, 0)).toBe(0);
    expect(resumeIndex(plan, 0.5)).toBe(2);
    expect(resumeIndex(plan, 1)).toBe(4);
    expect(schedule(plan, start, 0.5).map((s) => [s.weight, s.at - start, s.done])).toEqual([
      [0.25, 0, true],
      [0.5, 0, true],
      [0.75, 0, false],
      [1, 60_000, false],
    ]);
  });

  it('describes the plan in one line', () => {
    expect(describePlan(parseStrategy('canary 10% 5m'))).toBe('10% for 5m, then 100%');
  });

  it('warns about plans longer than a hosted job', () => {
    expect(planWarnings(parseStrategy('linear 10% every 1h'))[0]).toMatch(/takes 9h.*6h/);
    expect(planWarnings(parseStrategy('canary 10% 5m'))).toEqual([]);
  });

  it('refuses a hold, or holds in all, longer than any job can run', () => {
    expect(() => parseStrategy('canary 10% 6d')).toThrow(
      /^Input 'strategy' is 'canary 10% 6d'; expected a hold of at most 5d, not 6d \(no job runs longer than 5d on a self-hosted runner, 6h on a GitHub-hosted one\)\.$/,
    );
    expect(() => parseStrategy('linear 10% every 14h')).toThrow(
      /expected a plan that holds at most 5d in all \(no job runs longer than 5d .*\), this one holds 5d6h/,
    );
    expect(parseStrategy('canary 10% 5d').steps[0].holdMs).toBe(5 * 86_400_000);
  });
});
