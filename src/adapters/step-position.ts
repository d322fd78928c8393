// Where the running step is written, for annotations: the workflow file the runner names in
// GITHUB_WORKFLOW_REF, read from the workspace when the caller checked out the repository it
// belongs to. Looked for once, on the first annotation (never at start-up), and never fatal:
// without a file, or a single step to point at, annotations carry no position, as before.
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { locateStep, workflowPath } from '../core/workflow-step.js';

export interface Position {
  file: string;
  startLine: number;
  endLine: number;
}

/** Larger than any workflow written by hand: not read. */
const MAX_WORKFLOW_BYTES = 1 << 20;

let found: { position?: Position } | undefined;

export function stepPosition(): Position | Record<string, never> {
  found ??= { position: locate() };
  return found.position ?? {};
}

/** For tests: the next annotation looks again. */
export function forgetStepPosition(): void {
  found = undefined;
}

/**
 * The action this process runs, from its bundle's path: dist/<action>/index.js, or
 * dist/<action>/post/index.js for a post step.
 */
export function runningAction(entry: string | undefined): string | undefined {
  if (!entry || basename(entry) !== 'index.js') return undefined;
  let dir = dirname(entry);
  if (basename(dir) === 'post') dir = dirname(dir);
  return basename(dirname(dir)) === 'dist' ? basename(dir) : undefined;
}

function locate(): Position | undefined {
  try {
    const env = process.env;
    const action = runningAction(process.argv[1]);
    const file = workflowPath(env.GITHUB_WORKFLOW_REF ?? '', env.GITHUB_REPOSITORY ?? '');
    if (!action || !file || !env.GITHUB_WORKSPACE) return undefined;
    const path = join(env.GITHUB_WORKSPACE, file);
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_WORKFLOW_BYTES) return undefined;
    const step = locateStep(readFileSync(path, 'utf8'), {
      action,
      job: env.GITHUB_JOB || undefined,
      stepId: env.GITHUB_ACTION || undefined,
    });
    return step && { file, ...step };
  } catch {
    // Unreadable, missing, a directory: an annotation without a position, as before.
    return undefined;
  }
}
