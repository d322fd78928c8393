// When the alias cannot be read at all (GetAlias throttled for good, or hung), the step that
// must restore it still says what it knows and the command that fixes it, instead of a bare
// "Rate exceeded". Built bundles through the runner harness, against the simulator.
import { describe, expect, it } from '@jest/globals';
import { RUNNER_SIGTERM_AFTER_MS, runAction } from '../harness/runner.js';
import { errorAnnotations as errors } from '../fixtures/simulator.js';
import { useShiftLab } from '../fixtures/shift-lab.js';

const { lab, shift, alias } = useShiftLab();

describe('an alias that cannot be read', () => {
  it('rollback says the state is unknown, nothing changed, and how to look and restore', async () => {
    lab.sim.faults.add({ operation: 'Lambda.GetAlias', kind: 'throttle', retryAfterSeconds: 0 });
    const result = await runAction({
      action: 'rollback',
      inputs: { 'function-name': lab.fn, alias: 'live', 'previous-version': '3' },
      env: lab.sim.env,
      timeoutMs: 60_000,
    });

    expect(result.exitCode).toBe(1);
    expect(lab.sim.calls.count('UpdateAlias')).toBe(0);
    expect(errors(result)[0]).toMatch(
      new RegExp(
        `Could not read ${lab.fn}:live \\(TooManyRequestsException: Rate exceeded\\); its state is unknown and nothing was changed\\. ` +
          // The region the step ran in is named, so the command works from any shell.
          `Look with: aws lambda get-alias --function-name ${lab.fn} --name live --region us-east-1; ` +
          `restore it with: aws lambda update-alias --function-name ${lab.fn} --name live --function-version 3 ` +
          `--routing-config 'AdditionalVersionWeights=\\{\\}' --region us-east-1`,
      ),
    );
  });

  it('the post step of a dead main step prints the saved deployment and the restore command', async () => {
    const run = shift({ strategy: 'canary 10% 30s' });
    await run.waitForLine(/Shifted: version 3 at 90% and version 4 at 10%/);
    lab.sim.faults.add({ operation: 'Lambda.GetAlias', kind: 'throttle', retryAfterSeconds: 0 });
    run.kill();
    const result = await run;

    expect(result.post?.exitCode).toBe(1);
    expect(result.post!.exitedAtMs).toBeLessThan(RUNNER_SIGTERM_AFTER_MS);
    expect(errors(result.post!)[0]).toMatch(
      new RegExp(
        // The last try's error: throttled, or cut at the post step's deadline.
        `Could not read ${lab.fn}:live in us-east-1 \\((TooManyRequestsException: Rate exceeded|TimeoutError: no answer within \\d+ ms)\\)\\. ` +
          `The main step was shifting it from version 3 to version 4 and did not finish, so it may still be split\\. ` +
          `Look with: aws lambda get-alias .*; restore it with: aws lambda update-alias --function-name ${lab.fn} --name live --function-version 3 .*--region us-east-1`,
      ),
    );
    lab.sim.faults.clear();
    expect(alias()).toMatchObject({ weights: { '4': 0.1 } });
  });
});
