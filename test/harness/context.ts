// The environment a hosted runner gives a node action: GITHUB_* context, RUNNER_* and a fresh
// set of file-command files per step, all in one temporary directory per run.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunnerDirs {
  root: string;
  workspace: string;
  runnerTemp: string;
  eventPath: string;
}

export interface StepFiles {
  GITHUB_OUTPUT: string;
  GITHUB_STATE: string;
  GITHUB_ENV: string;
  GITHUB_PATH: string;
  GITHUB_STEP_SUMMARY: string;
}

export function createRunnerDirs(): RunnerDirs {
  const root = mkdtempSync(join(tmpdir(), 'safe-deploy-harness-'));
  const dirs = {
    root,
    workspace: join(root, 'workspace'),
    runnerTemp: join(root, 'runner-temp'),
    eventPath: join(root, 'event.json'),
  };
  mkdirSync(dirs.workspace);
  mkdirSync(dirs.runnerTemp);
  return dirs;
}

/** Fresh, empty files for one step, as the runner creates them before every step. */
export function createStepFiles(dirs: RunnerDirs, step: string): StepFiles {
  const dir = join(dirs.root, 'file-commands', step);
  mkdirSync(dir, { recursive: true });
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path'),
    GITHUB_STEP_SUMMARY: join(dir, 'step_summary'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  return files;
}

export const DEFAULT_CONTEXT = {
  GITHUB_REPOSITORY: 'octo-org/orders-service',
  GITHUB_REPOSITORY_OWNER: 'octo-org',
  GITHUB_RUN_ID: '7001234567',
  GITHUB_RUN_NUMBER: '42',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'https://api.github.com',
  GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
  GITHUB_ACTOR: 'octocat',
  GITHUB_TRIGGERING_ACTOR: 'octocat',
  GITHUB_WORKFLOW: 'deploy',
  GITHUB_WORKFLOW_REF: 'octo-org/orders-service/.github/workflows/deploy.yml@refs/heads/main',
  GITHUB_JOB: 'deploy',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REF_NAME: 'main',
  GITHUB_REF_TYPE: 'branch',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_ACTION: '__self',
  GITHUB_ACTIONS: 'true',
  CI: 'true',
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64',
  RUNNER_NAME: 'safe-deploy-harness',
  RUNNER_ENVIRONMENT: 'github-hosted',
} as const;

/**
 * Points AWS and GitHub at a closed local port with fake credentials: for runs that must not
 * leave the machine whatever the bundle does (smoke test, cold-start bench).
 */
export const OFFLINE_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDOFFLINE',
  AWS_SECRET_ACCESS_KEY: 'offline-secret',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_MAX_ATTEMPTS: '1',
  GITHUB_API_URL: 'http://127.0.0.1:9',
} as const;

/** A push to main, enough for @actions/github's context to fill itself. */
export function defaultEvent(env: Record<string, string>): unknown {
  const [owner, name] = (env.GITHUB_REPOSITORY ?? '').split('/');
  return {
    ref: env.GITHUB_REF,
    after: env.GITHUB_SHA,
    repository: { full_name: env.GITHUB_REPOSITORY, name, owner: { login: owner } },
    sender: { login: env.GITHUB_ACTOR },
  };
}

// Whatever the developer's shell says about GitHub, inputs or AWS must not leak into a step:
// a test must never reach a real account because a profile happened to be set.
const SCRUBBED = /^(GITHUB_|INPUT_|STATE_|RUNNER_|ACTIONS_|AWS_|NODE_OPTIONS$|CI$)/;

export function baseEnv(inherit: boolean): Record<string, string> {
  const env: Record<string, string> = {};
  if (!inherit) {
    env.PATH = process.env.PATH ?? '/usr/bin:/bin';
    if (process.env.HOME) env.HOME = process.env.HOME;
    return env;
  }
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !SCRUBBED.test(key)) env[key] = value;
  }
  return env;
}

/** INPUT_<NAME>: upper-cased, spaces to underscores, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Applies overrides where `undefined` removes a variable. */
export function applyOverrides(
  env: Record<string, string>,
  overrides: Record<string, string | undefined> = {},
): Record<string, string> {
  const out = { ...env };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}
