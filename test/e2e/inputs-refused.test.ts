// Every built bundle refuses an input AWS would refuse, or that no job could see through,
// before its first call: the simulator sees no request at all, and the step's error names
// the input, the value and the form expected.
import { describe, expect, it } from '@jest/globals';
import { runAction } from '../harness/runner.js';
import { errorAnnotations, useSimulator } from '../fixtures/simulator.js';

const lab = useSimulator();
const QUALIFIED = `arn:aws:lambda:eu-west-1:123456789012:function:orders:live`;
const FUNCTION_FORM =
  "expected a Lambda function name of 1 to 64 letters, digits, - and _ such as orders-api, or its ARN or partial ARN (123456789012:function:orders-api), at most 140 characters in all, without a version or alias qualifier; ':live' is a qualifier: give the alias in 'alias'.";

function run(
  action: string,
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
) {
  return runAction({
    action,
    inputs: { 'function-name': 'orders', alias: 'live', ...inputs },
    env: { ...lab.sim.env, ...env },
    timeoutMs: 30_000,
  });
}

describe.each([
  ['check-blockers', { alarms: 'orders-errors' }],
  ['shift-traffic', { version: '4', alarms: 'orders-errors' }],
  ['bake-and-watch', {}],
  ['rollback', {}],
])('%s refuses before any call', (action, valid) => {
  it('a function name with an alias qualifier', async () => {
    const r = await run(action, { ...valid, 'function-name': QUALIFIED });
    expect(r.exitCode).toBe(1);
    expect(errorAnnotations(r)[0]).toContain(
      `Input 'function-name' is '${QUALIFIED}'; ${FUNCTION_FORM}`,
    );
    expect(lab.sim.calls.list()).toHaveLength(0);
  });

  it('no region at all: no region input, no AWS_REGION, no AWS_DEFAULT_REGION', async () => {
    const r = await run(action, valid, { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined });
    expect(r.exitCode).toBe(1);
    expect(errorAnnotations(r)[0]).toContain(
      "Input 'region' is empty; expected an AWS region such as eu-west-1, from the region input, AWS_REGION or AWS_DEFAULT_REGION.",
    );
    expect(lab.sim.calls.list()).toHaveLength(0);
  });

  it('an alias Lambda does not allow', async () => {
    const r = await run(action, { ...valid, alias: 'live.blue' });
    expect(r.exitCode).toBe(1);
    expect(errorAnnotations(r)[0]).toContain(
      "Input 'alias' is 'live.blue'; expected a Lambda alias name such as live (1 to 128 letters, digits, - and _; not a version number).",
    );
    expect(lab.sim.calls.list()).toHaveLength(0);
  });
});

describe('durations and versions past their bounds', () => {
  it.each<[string, Record<string, string>, string]>([
    [
      'check-blockers',
      { 'bake-time': '6d' },
      "Input 'bake-time' is '6d'; expected a duration from 1s to 5d (no job runs longer than 5d on a self-hosted runner, 6h on a GitHub-hosted one).",
    ],
    [
      'bake-and-watch',
      { 'bake-time': '10m', 'max-bake-time': '7d', period: '1h' },
      "Input 'max-bake-time' is '7d'; expected a duration from 1s to 5d (no job runs longer than 5d on a self-hosted runner, 6h on a GitHub-hosted one).",
    ],
    [
      'bake-and-watch',
      { version: '04' },
      "Input 'version' is '04'; expected a published version number from 1 to 2147483647 without leading zeros, such as 42.",
    ],
    [
      'shift-traffic',
      { version: '4', strategy: 'linear 10% every 14h' },
      'expected a plan that holds at most 5d in all (no job runs longer than 5d on a self-hosted runner, 6h on a GitHub-hosted one), this one holds 5d6h',
    ],
    [
      'shift-traffic',
      { version: '4', strategy: 'canary 10% 5s', 'poll-interval': '10s' },
      "Input 'poll-interval' is '10s'; expected an interval no longer than the strategy's shortest hold (5s), so every hold is watched.",
    ],
    [
      'rollback',
      { 'previous-version': '0' },
      "Input 'previous-version' is '0'; expected a published version number from 1 to 2147483647 without leading zeros, such as 42.",
    ],
  ])('%s refuses %j', async (action, inputs, message) => {
    const r = await run(action, inputs);
    expect(r.exitCode).toBe(1);
    expect(errorAnnotations(r)[0]).toContain(message);
    expect(lab.sim.calls.list()).toHaveLength(0);
  });
});
