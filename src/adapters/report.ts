// Outputs, job summary and annotations, written the same way by every action.
import * as runner from './runner.js';

/** GitHub shows at most 10 error and 10 warning annotations per step; keep the first ones. */
export const MAX_ANNOTATIONS = 10;

/** Credentials the runner hands the step in its environment (configure-aws-credentials'). */
const ENVIRONMENT_SECRETS = ['AWS_SESSION_TOKEN', 'AWS_SECRET_ACCESS_KEY'];

export class Reporter {
  private errors = 0;
  private warnings = 0;
  private groupOpen = false;

  /**
   * Every step makes its Reporter first, so the credentials are masked here before anything
   * is printed: an SDK error that echoes them shows *** even where no pattern catches it.
   */
  constructor() {
    for (const name of ENVIRONMENT_SECRETS) {
      const value = process.env[name];
      if (value) runner.setSecret(value);
    }
  }

  setOutputs(outputs: Record<string, string | number | boolean>): void {
    for (const [name, value] of Object.entries(outputs)) runner.setOutput(name, String(value));
  }

  info(message: string): void {
    runner.info(message);
  }

  /** Shown only when the job is re-run with debug logging. */
  debug(message: string): void {
    runner.debug(message);
  }

  /** `message` at the level a pacer chose: shown, or kept for debug logging. */
  paced(level: 'info' | 'debug', message: string): void {
    if (level === 'info') this.info(message);
    else this.debug(message);
  }

  /**
   * Starts a collapsible section of the log (one per step of a plan, one per bake phase),
   * closing the one before: the runner does not nest them.
   */
  group(title: string): void {
    this.endGroup();
    runner.startGroup(title);
    this.groupOpen = true;
  }

  endGroup(): void {
    if (!this.groupOpen) return;
    runner.endGroup();
    this.groupOpen = false;
  }

  /** A fact worth seeing on the run page that is neither a warning nor an error. */
  notice(message: string, title?: string): void {
    runner.annotate('notice', message, { title });
  }

  warning(message: string, title?: string): void {
    if (++this.warnings <= MAX_ANNOTATIONS) runner.annotate('warning', message, { title });
    else runner.info(`warning: ${message}`);
  }

  error(message: string, title?: string): void {
    if (++this.errors <= MAX_ANNOTATIONS) runner.annotate('error', message, { title });
    else runner.info(`error: ${message}`);
  }

  /** The job summary; outside a runner (no summary file) the Markdown goes to the log. */
  async writeSummary(markdown: string): Promise<void> {
    // The verdict and what follows it are read outside any collapsed section.
    this.endGroup();
    if (!(await runner.appendSummary(markdown))) runner.info(markdown);
  }

  /** Fails the step: the message becomes the error annotation and the exit code is 1. */
  fail(message: string): void {
    this.endGroup();
    runner.setFailed(message);
  }
}
