// Why command hooks run through node:child_process and not @actions/exec: a hook that
// outlives its timeout, or runs when the job is cancelled, must be stopped so the restore
// is not held up (test/unit/adapters/hooks.test.ts shows the adapter doing
// it). @actions/exec 3.0.0 takes no AbortSignal, no timeout and no kill, and its promise
// has no way to end the child: this test holds that, so if a release adds one, it fails
// and the hooks can move to @actions/exec.
import { describe, expect, it } from '@jest/globals';
import * as exec from '@actions/exec';
import { setTimeout as delay } from 'node:timers/promises';

describe('@actions/exec', () => {
  it('cannot stop a command: an aborted signal passed to it leaves the child running', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const options = { silent: true, signal: controller.signal } as exec.ExecOptions;
    const run = exec.exec(process.execPath, ['-e', 'setTimeout(() => {}, 2500)'], options);
    controller.abort();
    const outcome = await Promise.race([
      run.then(() => 'finished'),
      delay(1000).then(() => 'still running'),
    ]);
    expect(outcome).toBe('still running');
    expect(await run).toBe(0);
    // It ran its full 2.5 s: nothing the caller holds could end it sooner.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
  });
});
