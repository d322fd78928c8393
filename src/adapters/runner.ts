// The GitHub Actions runner's protocol, spoken directly: inputs come as INPUT_<NAME>, log
// lines and workflow commands go to stdout, outputs, state and the summary are appended to
// the files the runner names. Not @actions/core: importing it loads @actions/http-client
// and undici (for OIDC tokens the suite never requests), ~70 ms on every start, most of the
// 120 ms budget an action has to say its first word. test/unit/adapters/runner.test.ts
// holds every encoding here to @actions/core's, which stays a dev dependency for that.
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';
import { redact } from '../core/redact.js';

export type AnnotationKind = 'error' | 'warning' | 'notice';

/** The annotation fields the suite sets; GitHub also knows file, line and column. */
export interface AnnotationProperties {
  title?: string;
}

/** An input's value, trimmed, or '' when the workflow did not set it and it has no default. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** What the main step saved under `name`, as the runner hands it to the post step. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
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
  write(inert(clean(message)));
}

/** From here on the runner replaces `value` with *** wherever the log would show it. */
export function setSecret(value: string): void {
  secrets.add(value);
  // Not cleaned: a mask whose value were redacted would mask nothing.
  write(commandLine('add-mask', {}, value));
}

export function annotate(
  kind: AnnotationKind,
  message: string,
  properties: AnnotationProperties = {},
): void {
  const title = properties.title === undefined ? undefined : clean(properties.title);
  write(commandLine(kind, { ...properties, title }, clean(message)));
}

/** The step fails (exit code 1) with `message` as its error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  annotate('error', message);
}

export function setOutput(name: string, value: string): void {
  keyValue('OUTPUT', 'set-output', name, clean(value));
}

/** Seen only by this action's own post step, as STATE_<name>. */
export function saveState(name: string, value: string): void {
  keyValue('STATE', 'save-state', name, value);
}

/** Appends Markdown to the job summary; false when the step has no summary file. */
export function appendSummary(markdown: string): boolean {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, clean(markdown) + EOL, { encoding: 'utf8' });
  return true;
}

/** This run's page on GitHub, when the step runs on a runner. */
export function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
  if (!GITHUB_REPOSITORY || !GITHUB_RUN_ID) return undefined;
  return `${GITHUB_SERVER_URL ?? 'https://github.com'}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
}

function write(line: string): void {
  process.stdout.write(line + EOL);
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

/** `::name key=value,key=value::message`, escaped so no value can start another command. */
function commandLine(
  name: string,
  properties: Record<string, string | undefined>,
  message: string,
): string {
  const fields = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(value!)}`)
    .join(',');
  return `::${name}${fields ? ` ${fields}` : ''}::${escapeData(message)}`;
}

/**
 * A name and a multi-line value in the runner's file format, between delimiters no value can
 * contain. Outside a runner (no file) the old stdout command keeps the value visible.
 */
function keyValue(file: 'OUTPUT' | 'STATE', legacy: string, name: string, value: string): void {
  const path = process.env[`GITHUB_${file}`];
  if (!path) {
    // @actions/core starts a set-output (not a save-state) on a line of its own.
    if (file === 'OUTPUT') process.stdout.write(EOL);
    write(commandLine(legacy, { name }, value));
    return;
  }
  if (!existsSync(path)) throw new Error(`Missing file at path: ${path}`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`Unexpected input: '${name}' or its value contains the delimiter`);
  appendFileSync(path, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, {
    encoding: 'utf8',
  });
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
