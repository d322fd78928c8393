// A cancel while an AWS call hangs: the runner sends SIGINT, SIGTERM 7.5 s later and kills
// 2.5 s after that, so the alias must be back on the old version before then whatever the
// hung call does. Built bundle through the runner harness, simulator faults of kind hang.
import { describe, expect, it } from '@jest/globals';
import { RUNNER_SIGTERM_AFTER_MS } from '../harness/runner.js';
import { errorAnnotations as errors } from '../fixtures/simulator.js';
import { useShiftLab } from '../fixtures/shift-lab.js';

const { lab, shift, alias } = useShiftLab();

/** The run, cancelled while `operations` hang; in an object, since awaiting a run ends it. */
async function cancelWhileHung(operations: string[]) {
  const run = shift({ strategy: 'canary 10% 30s' });
  await run.waitForLine(/Shifted: version 3 at 90% and version 4 at 10%/);
  for (const operation of operations) lab.sim.faults.add({ operation, kind: 'hang' });
  // The next alarm poll is now hung (poll-interval 1s).
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  run.cancel();
  return { run };
}

describe('SIGINT during a hung call', () => {
  it('a hung DescribeAlarms: the call is abandoned and the alias restored before SIGTERM', async () => {
    const result = await (await cancelWhileHung(['CloudWatch.DescribeAlarms'])).run;

    expect(result.signals.map((s) => s.signal)).toEqual(['SIGINT']);
    expect(result.exitedAtMs - result.signals[0].atMs).toBeLessThan(RUNNER_SIGTERM_AFTER_MS);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
  });

  it('a hung GetAlias too: the restore writes from the state it last saw, before SIGTERM', async () => {
    const result = await (
      await cancelWhileHung(['CloudWatch.DescribeAlarms', 'Lambda.GetAlias'])
    ).run;

    expect(result.exitedAtMs - result.signals[0].atMs).toBeLessThan(RUNNER_SIGTERM_AFTER_MS);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
  });

  it('a hung UpdateAlias as well: main gives the last state and the command; the post step restores', async () => {
    const { run } = await cancelWhileHung([
      'CloudWatch.DescribeAlarms',
      'Lambda.GetAlias',
      'Lambda.UpdateAlias',
    ]);
    // Everything hangs until main gives up; the post step finds the service back.
    await run.waitForLine(/Could not restore/, 9_000);
    lab.sim.faults.clear();
    const result = await run;

    expect(result.exitedAtMs - result.signals[0].atMs).toBeLessThan(RUNNER_SIGTERM_AFTER_MS);
    expect(errors(result).join('\n')).toMatch(
      /last seen at version 3 at 90% and version 4 at 10% .*Fix it now with: aws lambda update-alias --function-name orders-\d+ --name live --function-version 3/,
    );
    expect(result.post?.exitCode).toBe(0);
    expect(alias()).toMatchObject({ version: '3', weights: {}, record: { status: 'rolled-back' } });
  });
});
