// Parsers for what an action leaves behind: the runner's file commands (GITHUB_OUTPUT,
// GITHUB_STATE, GITHUB_ENV, GITHUB_PATH) and the workflow commands in its log (::error:: ...).
// They follow the runner's own rules, so a format bug in an action fails here as it would there.

/**
 * `name=value` lines and `name<<DELIMITER` heredocs, as @actions/core writes them.
 * Throws on a malformed file, as the runner fails the step.
 */
export function parseKeyValueFile(content: string, what = 'file'): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = content.split('\n').map((line) => line.replace(/\r$/, ''));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    // Whichever marker comes first decides the form, as in the runner.
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals);
      if (name === '') throw new Error(`${what}: empty name on line ${i + 1}: '${line}'`);
      result[name] = line.slice(equals + 1);
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (name === '' || delimiter === '') {
        throw new Error(`${what}: invalid heredoc on line ${i + 1}: '${line}'`);
      }
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`${what}: heredoc '${name}' never ends with '${delimiter}'`);
      result[name] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else {
      throw new Error(`${what}: invalid line ${i + 1}: '${line}'`);
    }
  }
  return result;
}

/** GITHUB_PATH: one directory per line, to prepend to PATH for the later steps. */
export function parsePathFile(content: string): string[] {
  return content
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export interface WorkflowCommand {
  /** Lower-cased, as the runner compares command names case-insensitively. */
  command: string;
  properties: Record<string, string>;
  message: string;
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
  /** Every property as written, including any the fields above do not name. */
  properties: Record<string, string>;
}

const unescapeData = (s: string): string =>
  s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string): string =>
  s
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%');
/** The legacy `##[name k=v;k=v]data` form's escapes, in the runner's order. */
const unescapeLegacy = (s: string): string =>
  s
    .replace(/%3B/g, ';')
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%5D/g, ']')
    .replace(/%25/g, '%');

/**
 * The commands the runner registers (ActionCommandManager's extensions). A line naming
 * another is plain text to the runner, so it is to the harness.
 */
export const REGISTERED_COMMANDS = [
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'internal-set-repo-path',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning',
];

function properties(text: string, separator: string, unescape: (s: string) => string) {
  const result: Record<string, string> = {};
  for (const pair of text.split(separator)) {
    const eq = pair.indexOf('=');
    if (eq > 0) result[pair.slice(0, eq).trim()] = unescape(pair.slice(eq + 1));
  }
  return result;
}

/**
 * One line as the runner reads it (ActionCommand.TryParseV2, then TryParse): `::name
 * k=v,...::data` after leading whitespace, else the legacy `##[name k=v;...]data` anywhere
 * in the line. Undefined when it is not a command, or names one not in `registered`.
 */
export function parseCommandLine(
  line: string,
  registered: readonly string[] = REGISTERED_COMMANDS,
): WorkflowCommand | undefined {
  const known = (name: string): boolean => registered.includes(name);
  const trimmed = line.trimStart();
  const end = trimmed.startsWith('::') ? trimmed.indexOf('::', 2) : -1;
  if (end >= 0) {
    const head = trimmed.slice(2, end);
    const space = head.indexOf(' ');
    const command = (space < 0 ? head : head.slice(0, space)).toLowerCase();
    if (known(command)) {
      return {
        command,
        properties: space < 0 ? {} : properties(head.slice(space + 1), ',', unescapeProperty),
        message: unescapeData(trimmed.slice(end + 2)),
      };
    }
  }
  const prefix = line.indexOf('##[');
  const close = prefix < 0 ? -1 : line.indexOf(']', prefix);
  if (close < 0) return undefined;
  const head = line.slice(prefix + 3, close);
  const space = head.indexOf(' ');
  const command = (space < 0 ? head : head.slice(0, space)).toLowerCase();
  if (!known(command)) return undefined;
  return {
    command,
    properties: space < 0 ? {} : properties(head.slice(space + 1), ';', unescapeLegacy),
    message: unescapeLegacy(line.slice(close + 1)),
  };
}

/**
 * All workflow commands in a log, honouring `::stop-commands::<token>` ... `::<token>::`.
 * Lines end at LF, CR or CRLF, as the runner reads a step's stdout and stderr.
 */
export function parseWorkflowCommands(log: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const line of log.split(/\r\n|\r|\n/)) {
    if (stopToken !== undefined) {
      // While stopped, the token is the one command the runner knows.
      if (parseCommandLine(line, [stopToken])) stopToken = undefined;
      continue;
    }
    const parsed = parseCommandLine(line);
    if (!parsed) continue;
    if (parsed.command === 'stop-commands') {
      stopToken = parsed.message.toLowerCase();
      continue;
    }
    commands.push(parsed);
  }
  return commands;
}

const numberProperty = (value: string | undefined): number | undefined =>
  value === undefined || !/^\d+$/.test(value) ? undefined : Number(value);

export function toAnnotations(commands: WorkflowCommand[]): Annotation[] {
  const annotations: Annotation[] = [];
  for (const { command, properties: p, message } of commands) {
    if (command !== 'error' && command !== 'warning' && command !== 'notice') continue;
    const annotation: Annotation = { level: command, message, properties: p };
    if (p.title !== undefined) annotation.title = p.title;
    if (p.file !== undefined) annotation.file = p.file;
    const fields = { line: p.line, endLine: p.endLine, col: p.col, endColumn: p.endColumn };
    for (const [key, value] of Object.entries(fields)) {
      const n = numberProperty(value);
      if (n !== undefined) annotation[key as 'line' | 'endLine' | 'col' | 'endColumn'] = n;
    }
    annotations.push(annotation);
  }
  return annotations;
}
