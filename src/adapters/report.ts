// Outputs, job summary and annotations, written the same way by every action.
import * as core from '@actions/core';

/** GitHub shows at most 10 error and 10 warning annotations per step; keep the first ones. */
export const MAX_ANNOTATIONS = 10;

export class Reporter {
  private errors = 0;
  private warnings = 0;

  setOutputs(outputs: Record<string, string | number | boolean>): void {
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, String(value));
  }

  info(message: string): void {
    core.info(message);
  }

  warning(message: string, title?: string): void {
    if (++this.warnings <= MAX_ANNOTATIONS) core.warning(message, title ? { title } : undefined);
    else core.info(`warning: ${message}`);
  }

  error(message: string, title?: string): void {
    if (++this.errors <= MAX_ANNOTATIONS) core.error(message, title ? { title } : undefined);
    else core.info(`error: ${message}`);
  }

  async writeSummary(markdown: string): Promise<void> {
    if (!process.env.GITHUB_STEP_SUMMARY) {
      core.info(markdown);
      return;
    }
    await core.summary.addRaw(markdown, true).write();
  }

  /** Fails the step: the message becomes the error annotation and the exit code is 1. */
  fail(message: string): void {
    core.setFailed(message);
  }
}
