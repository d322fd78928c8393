// The built shift-traffic bundle on an alias with provisioned concurrency, where a run does
// not start from a clean change: a re-run resuming a weight a dead run set waits for READY at
// that weight (and restores on FAILED); a READY shown right after UpdateAlias that still
// describes the old routing is not taken; the post step polls the allocation after its restore
// for what is left of the runner's window.
import { describe, expect, it } from '@jest/globals';
import { RUNNER_SIGTERM_AFTER_MS } from '../harness/runner.js';
import { errorAnnotations as errors } from '../fixtures/simulator.js';
import { useShiftLab } from '../fixtures/shift-lab.js';

const { lab, shift, alias, weights } = useShiftLab();

const REASON = 'The account has insufficient unreserved concurrency for this request';
const SHIFTED_10 = /Shifted: version 3 at 90% and version 4 at 10%/;
const updateTimes = () =>
  lab.sim.lambda
    .aliasHistory(lab.fn, 'live')
    .slice(1)
    .map((h) => h.time);
const allocation = () => lab.sim.lambdaState.provisioned.get(`${lab.fn}:live`)!;

/** A first run killed with its runner (no post step) while its 10% allocation is IN_PROGRESS. */
async function dieAtTenPercent() {
  const run = shift({ strategy: 'canary 10% 2s' }, { runPost: false });
  await run.waitForLine(SHIFTED_10);
  run.kill({ runPost: false });
  await run;
  expect(alias()).toMatchObject({ weights: { '4': 0.1 }, record: { status: 'in-progress' } });
}

describe('a re-run resuming a weight with provisioned concurrency', () => {
  it('waits for READY at the weight it resumes at before it holds and promotes', async () => {
    lab.sim.lambda.setProvisionedConcurrency(lab.fn, 'live', 10, { readyAfterMs: 4_000 });
    await dieAtTenPercent();

    const rerun = await shift({ strategy: 'canary 10% 2s' }, { attempt: 2 });

    expect(rerun.exitCode).toBe(0);
    expect(rerun.log).toMatch(/Resumed at 10%/);
    expect(rerun.log).toMatch(/provisioned concurrency IN_PROGRESS: \d+ of 10 allocated/);
    // The dead run's record and 10%, the re-run's record at 10%, 100%, succeeded. The dead
    // run's 2 s hold was over before the allocation was READY: the promotion waits for READY.
    expect(weights()).toEqual([0, 0.1, 0.1, 1, 1]);
    const [, at10, , at100] = updateTimes();
    expect(at100 - at10).toBeGreaterThanOrEqual(4_000);
    expect(rerun.summary).toContain('provisioned concurrency READY: 10 of 10 allocated');
    expect(alias()).toMatchObject({ version: '4', weights: {}, record: { status: 'succeeded' } });
  });

  it('a FAILED allocation at the resumed weight fails the step and restores', async () => {
    lab.sim.lambda.setProvisionedConcurrency(lab.fn, 'live', 10, {
      readyAfterMs: 1_500,
      failWith: REASON,
    });
    await dieAtTenPercent();

    const rerun = await shift({ strategy: 'canary 10% 2s' }, { attempt: 2 });

    expect(rerun.exitCode).toBe(1);
    expect(rerun.outputs.status).toBe('rolled-back');
    expect(weights()).toEqual([0, 0.1, 0.1, 0]);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    expect(errors(rerun)[0]).toContain(`the provisioned concurrency allocation FAILED: ${REASON}`);
    expect(rerun.summary).toContain('after the restore, provisioned concurrency READY: 10 of 10');
  });
});

describe('a READY read right after UpdateAlias', () => {
  it('that still shows the allocation before the change is not taken: the step waits for the re-allocation', async () => {
    // Lambda takes each change up 1.5 s late (READY from before is shown meanwhile), then
    // re-allocates for 1 s.
    lab.sim.lambda.setProvisionedConcurrency(lab.fn, 'live', 10, {
      readyAfterMs: 1_000,
      staleForMs: 1_500,
    });
    const result = await shift({ strategy: 'canary 10% 2s' });

    expect(result.exitCode).toBe(0);
    expect(weights()).toEqual([0, 0.1, 1, 1]);
    const [, at10, at100] = updateTimes();
    // Stale READY (1.5 s), re-allocation (1 s), then the 2 s hold.
    expect(at100 - at10).toBeGreaterThanOrEqual(4_400);
    const afterShift = result.log.slice(result.log.search(SHIFTED_10));
    expect(afterShift).toMatch(
      /provisioned concurrency READY: 10 of 10 allocated[\s\S]*provisioned concurrency IN_PROGRESS/,
    );
  });
});

describe('the post step after a kill, with provisioned concurrency', () => {
  it('polls the allocation after its restore: READY 2 s later is seen inside the window', async () => {
    lab.sim.lambda.setProvisionedConcurrency(lab.fn, 'live', 10, { readyAfterMs: 200 });
    const run = shift({ strategy: 'canary 10% 30s' });
    await run.waitForLine(/\+[\d.]+s provisioned concurrency READY: 10 of 10 allocated/);
    // The re-allocation after the restore takes longer than one short look.
    allocation().readyAfterMs = 2_000;
    run.kill();
    const result = await run;

    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    expect(result.post?.exitCode).toBe(0);
    expect(result.post!.exitedAtMs).toBeLessThan(RUNNER_SIGTERM_AFTER_MS);
    expect(result.post?.log).toContain(
      'Then after the restore, provisioned concurrency READY: 10 of 10 allocated',
    );
  });

  it('an allocation still IN_PROGRESS when the window runs out fails the post step with the state and the fix', async () => {
    lab.sim.lambda.setProvisionedConcurrency(lab.fn, 'live', 10, { readyAfterMs: 200 });
    const run = shift({ strategy: 'canary 10% 30s' });
    await run.waitForLine(/\+[\d.]+s provisioned concurrency READY: 10 of 10 allocated/);
    allocation().readyAfterMs = 60_000;
    lab.sim.calls.clear();
    run.kill();
    const result = await run;

    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    expect(result.post?.exitCode).toBe(1);
    expect(result.post!.exitedAtMs).toBeLessThan(RUNNER_SIGTERM_AFTER_MS);
    // Polled, not looked at once.
    expect(lab.sim.calls.count('GetProvisionedConcurrencyConfig')).toBeGreaterThan(5);
    expect(result.post?.log).toMatch(
      /The alias is restored, but after the restore the provisioned concurrency was not READY after \ds \(provisioned concurrency IN_PROGRESS/,
    );
    expect(result.post?.log).toContain(
      `aws lambda get-provisioned-concurrency-config --function-name ${lab.fn} --qualifier live`,
    );
  });
});
