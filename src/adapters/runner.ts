// The GitHub Actions runner's protocol, through @actions/core (the toolkit the product
// brief names): inputs, outputs, state, masking, annotations, the job summary, debug lines
// and groups. What this adapter adds on top is the suite's promise about text it did not
// write: every value it hands core is first redacted of anything secret, and a log line
// that could start a workflow command is fenced off with stop-commands.
import * as core from '@actions/core';
import { randomUUID } from 'node:crypto';
import { EOL } from 'node:os';
import { redact } from '../core/redact.js';
import { stepPosition } from './step-position.js';

export type AnnotationKind = 'error' | 'warning' | 'notice';

/** The annotation fields the suite sets; file and lines come from stepPosition(). */
export interface AnnotationProperties {
  title?: string;
}

/** An input's value, trimmed, or '' when the workflow did not set it and it has no default. */
export function getInput(name: string): string {
  return core.getInput(name);
}

/** What the main step saved under `name`, as the runner hands it to the post step. */
export function getState(name: string): string {
  return core.getState(name);
}

/**
 * Every value masked in this step. The runner hides them in the log; the adapter also
 * removes them (and anything shaped like a credential) from annotations, outputs and the
 * summary, which the runner's masking does not reach.
 */
const secrets = new Set<string>();

function clean(text: string): string {
  return redact(text, secrets);
}

/**
 * A log line, which may hold text the suite did not write (an alarm's reason, an issue
 * title, a hook's output, an error message): it can never start a workflow command.
 */
export function info(message: string): void {
  core.info(inert(clean(message)));
}

/**
 * Detail for a person re-running the job with debug logging (the runner's "Enable debug
 * logging", or ACTIONS_STEP_DEBUG): hidden otherwise. core escapes it into one command, so
 * text inside it cannot start another.
 */
export function debug(message: string): void {
  core.debug(clean(message));
}

/** Whether debug lines are shown, so costly detail is only built when someone will see it. */
export function isDebug(): boolean {
  return core.isDebug();
}

/** A collapsible section of the log; its title is escaped by core. */
export function startGroup(title: string): void {
  core.startGroup(clean(title).replace(/[\r\n]+/g, ' '));
}

export function endGroup(): void {
  core.endGroup();
}

/** From here on the runner replaces `value` with *** wherever the log would show it. */
export function setSecret(value: string): void {
  secrets.add(value);
  // Not cleaned: a mask whose value were redacted would mask nothing.
  core.setSecret(value);
}

export function annotate(
  kind: AnnotationKind,
  message: string,
  properties: AnnotationProperties = {},
): void {
  // No properties at all without a title or a position: core writes `::warning ::` for an
  // empty one.
  const annotation = {
    ...stepPosition(),
    ...(properties.title ? { title: clean(properties.title) } : {}),
  };
  core[kind](clean(message), annotation);
}

/**
 * The step fails (exit code 1) with `message` as its error annotation. core.setFailed is
 * exactly these two calls, but takes no position for the annotation.
 */
export function setFailed(message: string): void {
  process.exitCode = core.ExitCode.Failure;
  core.error(clean(message), stepPosition());
}

export function setOutput(name: string, value: string): void {
  core.setOutput(name, clean(value));
}

/** Seen only by this action's own post step, as STATE_<name>. */
export function saveState(name: string, value: string): void {
  core.saveState(name, value);
}

/** Appends Markdown to the job summary; false when the step has no summary file. */
export async function appendSummary(markdown: string): Promise<boolean> {
  if (!process.env.GITHUB_STEP_SUMMARY) return false;
  await core.summary.addRaw(clean(markdown), true).write();
  return true;
}

/** This run's page on GitHub, when the step runs on a runner. */
export function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
  if (!GITHUB_REPOSITORY || !GITHUB_RUN_ID) return undefined;
  return `${GITHUB_SERVER_URL ?? 'https://github.com'}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
}

/**
 * The runner takes a line as a command when it starts with `::` after any whitespace, or
 * holds `##[` anywhere (the legacy form); it splits lines at CR as well as LF. Text that
 * could do either on any line goes between `::stop-commands::<token>` and `::<token>::`,
 * with a token made fresh each time so the text cannot guess it and end the block early.
 */
function inert(text: string): string {
  const risky = text
    .split(/\r\n|\r|\n/)
    .some((l) => l.trimStart().startsWith('::') || l.includes('##['));
  if (!risky) return text;
  const token = randomUUID();
  return `::stop-commands::${token}${EOL}${text}${EOL}::${token}::`;
}
