// The built shift-traffic bundle on an alias with provisioned concurrency, against the
// simulator on the wall clock: each step waits for the allocation to be READY and the summary
// shows it; a FAILED or late allocation restores the previous version; the allocation after
// the restore is checked too; an alias without provisioned concurrency costs one call.
import { describe, expect, it } from '@jest/globals';
import { RUNNER_SIGTERM_AFTER_MS } from '../harness/runner.js';
import { errorAnnotations as errors } from '../fixtures/simulator.js';
import { useShiftLab } from '../fixtures/shift-lab.js';

const { lab, shift, alias, weights } = useShiftLab();

const GET_PC = 'GetProvisionedConcurrencyConfig';
const REASON = 'The account has insufficient unreserved concurrency for this request';
const updateTimes = () =>
  lab.sim.lambda
    .aliasHistory(lab.fn, 'live')
    .slice(1)
    .map((h) => h.time);

describe('shift-traffic with provisioned concurrency on the alias', () => {
  it('a canary waits for READY at each step and the summary shows the allocation', async () => {
    lab.sim.lambda.setProvisionedConcurrency(lab.fn, 'live', 10, { readyAfterMs: 1_500 });
    const result = await shift({ strategy: 'canary 10% 2s' });

    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('succeeded');
    expect(weights()).toEqual([0, 0.1, 1, 1]);
    expect(alias()).toMatchObject({ version: '4', weights: {} });
    // record, 10%, 100%, succeeded: the 100% step comes after the allocation (1.5 s) and the hold (2 s).
    const [, at10, at100] = updateTimes();
    expect(at100 - at10).toBeGreaterThanOrEqual(3_400);
    expect(lab.sim.calls.count(GET_PC)).toBeGreaterThan(3);
    expect(result.log).toContain('has provisioned concurrency');
    expect(result.log).toMatch(/provisioned concurrency IN_PROGRESS: \d+ of 10 allocated/);
    const readyRows = result.summary
      .split('\n')
      .filter((l) => l.includes('provisioned concurrency READY: 10 of 10 allocated'));
    expect(readyRows.length).toBe(2);
    expect(lab.sim.lambda.provisionedConcurrency(lab.fn, 'live')).toMatchObject({
      Status: 'READY',
    });
  });

  it('a FAILED allocation at the canary step restores the previous version and names the reason', async () => {
    lab.sim.lambda.setProvisionedConcurrency(lab.fn, 'live', 10, {
      readyAfterMs: 500,
      failWith: REASON,
    });
    const result = await shift({ strategy: 'canary 10% 30s' });

    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('rolled-back');
    expect(weights()).toEqual([0, 0.1, 0]);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    expect(errors(result)[0]).toContain(`the provisioned concurrency allocation FAILED: ${REASON}`);
    expect(result.summary).toMatch(
      /\*\*Rolled back: orders-\d+:live is fully on version 3 again because the alias' provisioned concurrency was not READY at 10%\.\*\*/,
    );
    // The restore re-allocated, and the run waited for that to be READY too.
    expect(result.summary).toContain('after the restore, provisioned concurrency READY: 10 of 10');
    expect(result.post?.exitCode).toBe(0);
  });

  it('an allocation still IN_PROGRESS at provisioned-concurrency-timeout restores, and the restore is checked too', async () => {
    lab.sim.lambda.setProvisionedConcurrency(lab.fn, 'live', 10, { readyAfterMs: 60_000 });
    const result = await shift({
      strategy: 'canary 10% 30s',
      'provisioned-concurrency-timeout': '2s',
    });

    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('rolled-back');
    expect(weights()).toEqual([0, 0.1, 0]);
    expect(alias()).toMatchObject({ version: '3', weights: {} });
    const error = errors(result)[0];
    expect(error).toMatch(/the provisioned concurrency was not READY after 2s/);
    // After the restore it is still re-allocating: the step says so and how to look and fix it.
    expect(error).toMatch(
      /The alias is restored, but after the restore the provisioned concurrency was not READY after 2s/,
    );
    expect(error).toContain(
      `aws lambda get-provisioned-concurrency-config --function-name ${lab.fn} --qualifier live`,
    );
  });

  it('an alias without provisioned concurrency makes exactly one GetProvisionedConcurrencyConfig call', async () => {
    const result = await shift({ strategy: 'canary 10% 2s' });

    expect(result.exitCode).toBe(0);
    expect(weights()).toEqual([0, 0.1, 1, 1]);
    const calls = lab.sim.calls.list({ operation: GET_PC });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      status: 404,
      errorCode: 'ProvisionedConcurrencyConfigNotFoundException',
      params: { Qualifier: 'live' },
    });
    expect(result.summary).not.toContain('provisioned concurrency');
    expect(result.log).not.toContain('provisioned concurrency');
  });

  it('AccessDenied on the start-up call warns and shifts as an alias without provisioned concurrency', async () => {
    lab.sim.faults.add({ operation: `Lambda.${GET_PC}`, kind: 'access-denied' });
    const result = await shift({ strategy: 'canary 10% 2s' });

    expect(result.exitCode).toBe(0);
    expect(weights()).toEqual([0, 0.1, 1, 1]);
    expect(lab.sim.calls.count(GET_PC)).toBe(1);
    const warning = result.annotations.find(
      (a) => a.level === 'warning' && a.message.includes('lambda:GetProvisionedConcurrencyConfig'),
    );
    expect(warning?.message).toContain('the steps do not wait for it');
  });

  it('SIGINT mid-canary: restored inside the cancel window, then the allocation READY again', async () => {
    lab.sim.lambda.setProvisionedConcurrency(lab.fn, 'live', 10, { readyAfterMs: 300 });
    const run = shift({ strategy: 'canary 10% 30s' });
    await run.waitForLine(/\+[\d.]+s provisioned concurrency READY: 10 of 10 allocated/);
    run.cancel();
    const result = await run;

    expect(result.cancelled).toBe(true);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    expect(result.exitedAtMs - result.signals[0].atMs).toBeLessThan(RUNNER_SIGTERM_AFTER_MS);
    expect(result.summary).toContain('after the restore, provisioned concurrency READY: 10 of 10');
  });

  it('SIGKILL mid-canary: the post step restores, then checks the allocation, and fails naming it when FAILED', async () => {
    lab.sim.lambda.setProvisionedConcurrency(lab.fn, 'live', 10, { readyAfterMs: 200 });
    const run = shift({ strategy: 'canary 10% 30s' });
    await run.waitForLine(/\+[\d.]+s provisioned concurrency READY: 10 of 10 allocated/);
    // The re-allocation after the restore is to fail.
    const record = lab.sim.lambdaState.provisioned.get(`${lab.fn}:live`)!;
    record.failWith = REASON;
    record.failsLeft = 1;
    run.kill();
    const result = await run;

    expect(result.killed).toBe(true);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    expect(result.post?.exitCode).toBe(1);
    expect(result.post!.exitedAtMs).toBeLessThan(RUNNER_SIGTERM_AFTER_MS);
    expect(result.post?.log).toContain(`the provisioned concurrency allocation FAILED: ${REASON}`);
    expect(result.post?.log).toContain(
      `aws lambda get-provisioned-concurrency-config --function-name ${lab.fn} --qualifier live`,
    );
  });
});
