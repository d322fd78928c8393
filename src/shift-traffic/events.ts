// How shift events read in the log, the timeline, the failure message and the GitHub
// deployment status: one wording for all of them.
import { type AliasState, describeRouting, formatPercent } from '../core/alias-state.js';
import { formatDuration } from '../core/inputs.js';
import type { ShiftEvent, ShiftOutcome } from '../core/shift.js';
import type { Reporter } from '../adapters/report.js';
import { describeCause, formatElapsed, type TimelineEntry } from './summary.js';
export { errorText } from '../core/error-text.js';
import { errorText } from '../core/error-text.js';

export function log(
  event: ShiftEvent,
  reporter: Reporter,
  timeline: TimelineEntry[],
  began: number,
  checked = 'Alarms OK',
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
      return note(`Shifted: ${describeRouting(event.alias)}`);
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
    case 'checked':
      return reporter.info(`${when} ${checked} at ${formatPercent(event.weight)}`);
    case 'hook':
      return note(
        `${event.phase} hook ${event.result.ok ? `passed: ${event.result.detail}` : `failed: ${event.result.reason}`}`,
      );
    case 'failed':
      return note(`Failed: ${describeCause(event.cause)}`);
    case 'restored':
      return note(
        `Restored: ${describeRouting(event.alias)}${event.changed ? '' : ' (it already was)'}`,
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
      return `Rolled back to version ${previousVersion}: ${describeCause(outcome.cause)}.`;
    case 'halted':
      return `Halted: ${describeCause(outcome.cause)}. The alias is left at ${describeRouting(outcome.alias as AliasState)}.`;
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
