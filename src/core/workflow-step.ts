// Where the running step is written in its workflow file, so that an annotation can point at
// it: the runner knows the file (GITHUB_WORKFLOW_REF), the job (GITHUB_JOB) and the step's id
// (GITHUB_ACTION), but not the line. Found by a line search, not a YAML parser: a step is a
// list item holding `uses: <...>/<action>[@ref]`. Anything it cannot be sure of (several such
// steps the job and id do not tell apart, flow-style YAML, a job it cannot find) gives no
// position, and the annotation stays as it was without one.

export interface StepQuery {
  /** The action's folder: shift-traffic, as in `uses: owner/repo/actions/shift-traffic@v1`. */
  action: string;
  /** GITHUB_JOB: the job's key under `jobs:`. */
  job?: string;
  /** GITHUB_ACTION: the step's id, or `__<owner>_<repo>[_<n>]` for a step without one. */
  stepId?: string;
}

export interface StepPosition {
  /** 1-based: the step's first line (its `-`) and its last. */
  startLine: number;
  endLine: number;
}

/** Past this many lines a file is not a workflow anyone wrote by hand: no position. */
export const MAX_WORKFLOW_LINES = 20_000;
/** More uses of the action than any job has: no position. */
const MAX_CANDIDATES = 100;

/**
 * The workflow's path in its repository, from GITHUB_WORKFLOW_REF
 * (`owner/repo/.github/workflows/deploy.yml@refs/heads/main`), when the workflow belongs to
 * `repository` (the one checked out into the workspace) and the path is a workflow file's.
 */
export function workflowPath(workflowRef: string, repository: string): string | undefined {
  if (!repository || !workflowRef.startsWith(`${repository}/`)) return undefined;
  const rest = workflowRef.slice(repository.length + 1);
  const at = rest.lastIndexOf('@');
  const path = at < 0 ? rest : rest.slice(0, at);
  const segments = path.split('/');
  const safe =
    path.startsWith('.github/workflows/') &&
    /\.ya?ml$/.test(path) &&
    !segments.some((s) => s === '' || s === '.' || s === '..') &&
    !/[\\\0\r\n]/.test(path);
  return safe ? path : undefined;
}

interface Line {
  /** 1-based. */
  number: number;
  indent: number;
  /** Without indentation or a trailing comment, trimmed. */
  text: string;
}

/** The step of `query` in the workflow `text`, or undefined when it is not exactly one. */
export function locateStep(text: string, query: StepQuery): StepPosition | undefined {
  if (!query.action) return undefined;
  const raw = text.split(/\r\n|\r|\n/);
  if (raw.length > MAX_WORKFLOW_LINES) return undefined;
  const lines = withoutBlockScalars(
    raw.map((l, i) => parseLine(l, i + 1)).filter((l): l is Line => l !== undefined),
  );
  const scope = query.job === undefined ? lines : jobLines(lines, query.job);
  if (!scope) return undefined;
  const candidates = scope.flatMap((line, i) => {
    const value = usesValue(line);
    return value !== undefined && usesAction(value, query.action) ? [i] : [];
  });
  // Each is measured by a walk over its step: bounded, whatever the file holds.
  if (candidates.length > MAX_CANDIDATES) return undefined;
  const steps = candidates.flatMap((i) => stepAround(scope, i) ?? []);
  const chosen = steps.filter((s) => idMatches(s.id, query.stepId));
  if (chosen.length !== 1) return undefined;
  return { startLine: chosen[0].startLine, endLine: chosen[0].endLine };
}

/** Blank and comment-only lines are left out: they belong to no step. */
function parseLine(raw: string, number: number): Line | undefined {
  const indent = raw.length - raw.replace(/^ +/, '').length;
  const text = stripComment(raw.slice(indent)).trim();
  if (text === '') return undefined;
  return { number, indent, text };
}

/**
 * The text of a `key: |` or `key: >` value (a script, a hook's command) is no step of the
 * workflow, whatever it says: the lines indented under such a key are left out.
 */
function withoutBlockScalars(lines: Line[]): Line[] {
  const kept: Line[] = [];
  let under: number | undefined;
  for (const line of lines) {
    if (under !== undefined && line.indent > under) continue;
    under = /(^|\s)[|>][1-9]?[+-]?[1-9]?$/.test(line.text) ? keyIndent(line) : undefined;
    kept.push(line);
  }
  return kept;
}

/** Where the key of a line starts: after its `- ` when it opens a list item with one. */
function keyIndent(line: Line): number {
  if (!line.text.startsWith('- ')) return line.indent;
  const rest = line.text.slice(2).trimStart();
  if (rest.startsWith('|') || rest.startsWith('>')) return line.indent;
  return line.indent + line.text.length - rest.length;
}

/** YAML starts a comment at `#` after whitespace, outside quotes. */
function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t'))
      return text.slice(0, i);
  }
  return text;
}

/** `key:` alone or `key: value`, for a key written plainly or quoted. */
function keyValue(text: string, key: string): string | undefined {
  for (const written of [key, `"${key}"`, `'${key}'`]) {
    if (!text.startsWith(`${written}:`)) continue;
    const rest = text.slice(written.length + 1);
    if (rest === '' || rest.startsWith(' ') || rest.startsWith('\t')) return unquote(rest.trim());
  }
  return undefined;
}

function unquote(value: string): string {
  const q = value[0];
  return (q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)
    ? value.slice(1, -1)
    : value;
}

/** The lines of job `job`: those under its key, itself directly under a top-level `jobs:`. */
function jobLines(lines: Line[], job: string): Line[] | undefined {
  const jobsAt = lines.findIndex((l) => l.indent === 0 && keyValue(l.text, 'jobs') === '');
  if (jobsAt < 0) return undefined;
  const end = (from: number, indent: number): number => {
    const next = lines.findIndex((l, i) => i > from && l.indent <= indent);
    return next < 0 ? lines.length : next;
  };
  const jobsEnd = end(jobsAt, 0);
  const jobIndent = lines[jobsAt + 1]?.indent;
  if (jobIndent === undefined || jobsAt + 1 >= jobsEnd) return undefined;
  const keys = lines
    .slice(jobsAt + 1, jobsEnd)
    .filter((l) => l.indent === jobIndent && keyValue(l.text, job) === '');
  if (keys.length !== 1) return undefined;
  const at = lines.indexOf(keys[0]);
  return lines.slice(at + 1, end(at, jobIndent));
}

/** The value of a `uses:` key on this line, as a step's first key (`- uses:`) or a later one. */
function usesValue(line: Line): string | undefined {
  const text = line.text.startsWith('- ') ? line.text.slice(2).trimStart() : line.text;
  return keyValue(text, 'uses');
}

/** `owner/repo/actions/<action>@ref`, `./actions/<action>`: the path ends with the action. */
function usesAction(value: string, action: string): boolean {
  const at = value.indexOf('@');
  const path = (at < 0 ? value : value.slice(0, at)).replace(/\/+$/, '');
  return path === action || path.endsWith(`/${action}`);
}

interface Step extends StepPosition {
  id?: string;
}

/**
 * The list item holding scope[usesAt]: from the nearest `-` line above (or on) it at a
 * smaller indent than the key, to the last line before one as little indented as that `-`.
 */
function stepAround(scope: Line[], usesAt: number): Step | undefined {
  const uses = scope[usesAt];
  const keyAt = keyIndent(uses);
  let start = usesAt;
  while (start >= 0 && !(scope[start].text.startsWith('- ') && scope[start].indent < keyAt)) {
    // A line less indented than the key that is not its `-`: the key is not in a list item.
    if (start < usesAt && scope[start].indent < keyAt) return undefined;
    start--;
  }
  if (start < 0) return undefined;
  const dash = scope[start];
  let last = start;
  while (last + 1 < scope.length && scope[last + 1].indent > dash.indent) last++;
  if (last < usesAt) return undefined;
  let id: string | undefined;
  for (let i = start; i <= last; i++) {
    const line = scope[i];
    const first = i === start;
    const text = first ? line.text.slice(2).trimStart() : line.text;
    const indent = first ? keyIndent(line) : line.indent;
    if (indent !== keyAt) continue;
    const value = keyValue(text, 'id');
    if (value !== undefined) id = value;
  }
  return { startLine: dash.number, endLine: scope[last].number, id };
}

/**
 * GITHUB_ACTION is the step's id when it has one, and `__...` when it has none: a step with
 * another id, or with an id when the runner says there is none, is not the running step.
 */
function idMatches(id: string | undefined, stepId: string | undefined): boolean {
  if (!stepId) return true;
  if (stepId.startsWith('__')) return id === undefined;
  return id === stepId;
}
