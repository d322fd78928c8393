// How shift events read in the log, the timeline, the failure message and the GitHub
// deployment status: one wording for all of them.
import { describeRouting, formatPercent } from '../core/routing.js';
import { formatDuration } from '../core/inputs.js';
import { createPacer } from '../core/log-pacing.js';
import type { ShiftEvent, ShiftOutcome } from '../core/shift.js';
import type { Reporter } from '../adapters/report.js';
import { describeCause, formatElapsed, type TimelineEntry } from './summary.js';
export { errorText } from '../core/error-text.js';
import { errorText } from '../core/error-text.js';

/**
 * The log of one shift: each step of the plan in a group of its own, a line whenever
 * something happens, and the look that finds nothing new at most once a minute (every look
 * reaches the debug log).
 */
export function eventLog(
  reporter: Reporter,
  timeline: TimelineEntry[],
  began: number,
  checked = 'Alarms OK',
): (event: ShiftEvent) => void {
  const pace = createPacer();
  return (event) => log(event, reporter, timeline, began, checked, pace);
}

function log(
  event: ShiftEvent,
  reporter: Reporter,
  timeline: TimelineEntry[],
  began: number,
  checked: string,
  pace: ReturnType<typeof createPacer>,
): void {
  const when = `+${formatElapsed(event.at - began)}`;
  const note = (what: string): void => {
    timeline.push({ at: event.at, weight: event.weight, what });
    reporter.info(`${when} ${what}`);
  };
  switch (event.type) {
    case 'recorded':
      return note(`Deployment recorded on the alias as ${event.status}`);
    case 'shifted':
      reporter.group(
        `${when} Step to ${formatPercent(event.weight)}: ${describeRouting(event.state)}`,
      );
      return note(`Shifted: ${describeRouting(event.state)}`);
    case 'watching':
      return reporter.info(
        `${when} Watching at ${formatPercent(event.weight)} for ${formatDuration(event.holdMs)}`,
      );
    case 'resumed':
      return note(
        `Resumed at ${formatPercent(event.weight)}: ${
          event.stepStartedAt !== undefined
            ? `that weight was set ${new Date(event.stepStartedAt).toISOString()}`
            : 'the record cannot say when that weight was set, so its hold starts again'
        }; checking first, then watching ${formatDuration(event.holdMs)} before the next step`,
      );
    case 'checked': {
      const line = `${checked} at ${formatPercent(event.weight)}`;
      return reporter.paced(pace(line, event.at), `${when} ${line}`);
    }
    case 'ready':
      return note(event.ok ? event.detail : `Not ready: ${event.detail}`);
    case 'hook':
      return note(
        `${event.phase} hook ${event.result.ok ? `passed: ${event.result.detail}` : `failed: ${event.result.reason}`}`,
      );
    case 'failed':
      // What went wrong, and the restore after it, are read outside the step's group.
      reporter.endGroup();
      return note(`Failed: ${describeCause(event.cause)}`);
    case 'restored':
      return note(
        `Restored: ${describeRouting(event.state)}${event.changed ? '' : ' (it already was)'}`,
      );
    case 'retry':
      return reporter.info(
        `${when} Retry ${event.attempt} in ${event.delayMs} ms: ${errorText(event.error)}`,
      );
  }
}

export function failText(
  outcome: Exclude<ShiftOutcome, { status: 'succeeded' }>,
  previousVersion: string,
): string {
  switch (outcome.status) {
    case 'refused':
      return `Did not start: ${describeCause(outcome.cause)}. Nothing changed.`;
    case 'rolled-back':
      return (
        `Rolled back to version ${previousVersion}: ${describeCause(outcome.cause)}.` +
        (outcome.notReady ? ` ${outcome.notReady}` : '')
      );
    case 'halted':
      return `Halted: ${describeCause(outcome.cause)}. The alias is left at ${describeRouting(outcome.state)}.`;
    case 'stopped':
      return outcome.message;
    case 'restore-failed':
      return outcome.error.message;
  }
}

export function statusText(outcome: ShiftOutcome, version: string): string {
  if (outcome.status === 'succeeded') return `Version ${version} takes all traffic`;
  if (outcome.status === 'stopped' || outcome.status === 'restore-failed')
    return outcome.error.message;
  return `${outcome.status}: ${describeCause(outcome.cause)}`;
}
