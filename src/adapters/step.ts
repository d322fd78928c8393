// Every entry (index.ts, post.ts) starts its step here, so an error nothing caught leaves the
// way every other line does, through the runner adapter: redacted, unable to start a
// workflow command, as the step's error annotation. Node's own report would print the raw
// message and stack to stderr, where the runner reads commands too.
import { errorText } from '../core/error-text.js';
import { info, setFailed } from './runner.js';

export async function runStep(step: () => Promise<void>): Promise<void> {
  const crash = (error: unknown): void => {
    report(error);
    // What Node does with an uncaught error, once it is reported: the step ends, failed.
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    await step();
  } catch (error) {
    report(error);
  }
}

function report(error: unknown): void {
  setFailed(`Unexpected error: ${errorText(error)}`);
  const stack = error instanceof Error ? error.stack?.split('\n').slice(1).join('\n') : undefined;
  if (stack) info(stack);
}
