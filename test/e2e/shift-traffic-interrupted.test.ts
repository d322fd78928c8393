// shift-traffic interrupted, as the runner interrupts it: a cancel (SIGINT, with the post
// step after), a killed main step, a runner that dies with no post step and a re-run that
// resumes, a cancel while UpdateAlias fails. Each ends with the alias fully on one version.
import { describe, expect, it } from '@jest/globals';
import { RUNNER_SIGTERM_AFTER_MS } from '../harness/runner.js';
import { errorAnnotations as errors } from '../fixtures/simulator.js';
import { useShiftLab } from '../fixtures/shift-lab.js';

const { lab, shift, alias, weights } = useShiftLab();

describe('shift-traffic interrupted', () => {
  it('SIGINT mid-linear: the wait stops and the alias is restored inside the cancel window', async () => {
    const run = shift({ strategy: 'linear 10% every 5s' });
    await run.waitForLine(/Shifted: version 3 at 80% and version 4 at 20%/);
    run.cancel();
    const result = await run;

    expect(result.cancelled).toBe(true);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
    // Main exited on its own before the runner's SIGTERM.
    expect(result.signals.map((s) => s.signal)).toEqual(['SIGINT']);
    expect(result.exitedAtMs - result.signals[0].atMs).toBeLessThan(RUNNER_SIGTERM_AFTER_MS);
    expect(result.post?.log).toContain('The main step finished (rolled-back)');
  });

  it('SIGKILL mid-linear: the post step restores from the saved state inside the window', async () => {
    const run = shift({ strategy: 'linear 10% every 5s' });
    await run.waitForLine(/Shifted: version 3 at 80% and version 4 at 20%/);
    run.kill();
    const result = await run;

    expect(result.killed).toBe(true);
    expect(result.post?.exitCode).toBe(0);
    expect(result.post?.log).toContain('the main step did not finish');
    expect(result.post!.exitedAtMs).toBeLessThan(RUNNER_SIGTERM_AFTER_MS);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
  });

  it('runner dies mid-linear, then a re-run resumes from the current weight', async () => {
    const run = shift({ strategy: 'linear 25% every 3s' }, { runPost: false });
    await run.waitForLine(/Shifted: version 3 at 50% and version 4 at 50%/);
    run.kill({ runPost: false });
    await run;
    expect(alias()).toMatchObject({
      version: '3',
      weights: { '4': 0.5 },
      record: { status: 'in-progress' },
    });

    const rerun = await shift({ strategy: 'linear 25% every 1s' }, { attempt: 2 });
    expect(rerun.exitCode).toBe(0);
    expect(rerun.log).toMatch(/Resuming the deployment of version 4 started .* from 50%/);
    expect(rerun.log).toMatch(/Resumed at 50%: that weight was set .*; checking first/);
    expect(weights()).toEqual([0, 0.25, 0.5, 0.5, 0.75, 1, 1]);
    expect(alias()).toMatchObject({ version: '4', weights: {}, record: { status: 'succeeded' } });
  });

  it('SIGINT while UpdateAlias fails: main reports the alias state, the post step restores it', async () => {
    const run = shift({ strategy: 'linear 10% every 5s' });
    await run.waitForLine(/Shifted: version 3 at 90% and version 4 at 10%/);
    lab.sim.faults.add({ operation: 'Lambda.UpdateAlias', kind: 'server-error' });
    run.cancel();
    await run.waitForLine(/Could not restore/, 15_000);
    lab.sim.faults.clear();
    const result = await run;

    expect(errors(result).join('\n')).toMatch(
      /The alias is at version 3 at 90% and version 4 at 10% .*aws lambda update-alias --function-name orders-\d+ --name live --function-version 3/,
    );
    expect(result.post?.log).toContain('the main step could not restore the alias');
    expect(result.post?.exitCode).toBe(0);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
  });
});
