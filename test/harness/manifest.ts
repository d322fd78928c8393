// What the runner reads from action.yml before it starts a node action: the entry points,
// post-if, and the inputs' defaults.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export interface ActionManifest {
  dir: string;
  using: string;
  /** Absolute paths, resolved against the action's directory as the runner does. */
  main: string;
  post?: string;
  /** The raw post-if; the runner's default is always(). */
  postIf: string;
  pre?: string;
  inputs: Record<string, { default?: string; required?: boolean }>;
}

interface RawManifest {
  inputs?: Record<string, { default?: unknown; required?: unknown } | null>;
  runs?: Record<string, unknown>;
}

export function readActionManifest(dir: string): ActionManifest {
  const file = join(dir, 'action.yml');
  const raw = parse(readFileSync(file, 'utf8')) as RawManifest | null;
  const runs = raw?.runs ?? {};
  const text = (key: string): string | undefined =>
    typeof runs[key] === 'string' ? (runs[key] as string) : undefined;
  const main = text('main');
  if (!main) throw new Error(`${file}: runs.main is missing (not a node action?)`);
  const inputs: ActionManifest['inputs'] = {};
  for (const [name, spec] of Object.entries(raw?.inputs ?? {})) {
    inputs[name] = {};
    if (spec?.default !== undefined && spec.default !== null) {
      inputs[name].default = String(spec.default);
    }
    if (spec?.required !== undefined) inputs[name].required = String(spec.required) === 'true';
  }
  const post = text('post');
  const pre = text('pre');
  return {
    dir,
    using: text('using') ?? '',
    main: resolve(dir, main),
    ...(post ? { post: resolve(dir, post) } : {}),
    postIf: text('post-if') ?? 'always()',
    ...(pre ? { pre: resolve(dir, pre) } : {}),
    inputs,
  };
}

/**
 * Fills `${{ github.x }}`, `${{ runner.x }}` and `${{ env.X }}` in an input default from the
 * step's environment. Anything richer is refused: pass such an input explicitly.
 */
export function expandDefault(value: string, env: NodeJS.ProcessEnv, token: string): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (whole, expr: string) => {
    const m = /^(github|runner|env)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
    if (!m) throw new Error(`harness: cannot evaluate default ${whole}; pass the input explicitly`);
    const [, scope, key] = m;
    if (scope === 'env') return env[key] ?? '';
    if (scope === 'github' && key === 'token') return token;
    const prefix = scope === 'github' ? 'GITHUB_' : 'RUNNER_';
    return env[prefix + key.toUpperCase()] ?? '';
  });
}

export type StepOutcome = 'success' | 'failure' | 'cancelled';

/**
 * Evaluates a post-if against how the main step ended. Supports the status functions,
 * true/false, !, && , || and parentheses; as in the runner, an expression without a status
 * function is implicitly `success() && (...)`.
 */
export function evaluatePostIf(expression: string, outcome: StepOutcome): boolean {
  const source = expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const tokens = source.match(
    /\s*(always\(\)|success\(\)|failure\(\)|cancelled\(\)|true|false|!|&&|\|\||\(|\)|\S+)/g,
  );
  const list = (tokens ?? []).map((t) => t.trim());
  let pos = 0;
  const fail = (): never => {
    throw new Error(`harness: unsupported post-if '${expression}'`);
  };
  const primary = (): boolean => {
    const token = list[pos++];
    switch (token) {
      case 'always()':
        return true;
      case 'success()':
        return outcome === 'success';
      case 'failure()':
        return outcome === 'failure';
      case 'cancelled()':
        return outcome === 'cancelled';
      case 'true':
        return true;
      case 'false':
        return false;
      case '!':
        return !primary();
      case '(': {
        const value = or();
        if (list[pos++] !== ')') fail();
        return value;
      }
      default:
        return fail();
    }
  };
  const and = (): boolean => {
    let value = primary();
    while (list[pos] === '&&') {
      pos++;
      value = primary() && value;
    }
    return value;
  };
  const or = (): boolean => {
    let value = and();
    while (list[pos] === '||') {
      pos++;
      value = and() || value;
    }
    return value;
  };
  const value = or();
  if (pos !== list.length) fail();
  const hasStatus = /\b(always|success|failure|cancelled)\(\)/.test(source);
  return hasStatus ? value : outcome === 'success' && value;
}
