// The grammar of a cell's `functions` input, the same in shift-traffic and rollback, so the
// block a shift was given can be handed to its rollback as it is.
import { InputError } from './input-error.js';
import { parseAliasName, parseFunctionName, parseVersion } from './inputs.js';

/** One function of a cell: its alias (the `alias` input unless named) and new version. */
export interface CellFunction {
  functionName: string;
  alias: string;
  /** The version deployed; undefined in a rollback line that names none (its record does). */
  version?: string;
}

/** A function of a cell being deployed: its version is known. */
export type DeployedFunction = Required<CellFunction>;

/** More functions than this in one cell would take minutes per step at the control plane's pace. */
export const MAX_CELL_FUNCTIONS = 100;
export const CELL_LINE =
  'one function a line, as name=version or name:alias=version (e.g. orders:live=42)';

/**
 * One line a function, `name=version` or `name:alias=version` (an ARN works as the name;
 * its alias is the part after the function name). Blank lines are skipped. Without
 * `versionRequired` a line may name just `name` or `name:alias`.
 */
export function parseCellFunctions(
  raw: string,
  alias: string,
  versionRequired: boolean,
): CellFunction[] {
  const lines = raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length > MAX_CELL_FUNCTIONS)
    throw new InputError(
      'functions',
      `${lines.length} lines`,
      `at most ${MAX_CELL_FUNCTIONS} functions in one cell`,
    );
  const functions = lines.map((line): CellFunction => {
    const eq = line.lastIndexOf('=');
    if (eq === 0 || (eq < 0 && versionRequired)) throw new InputError('functions', line, CELL_LINE);
    const target = (eq < 0 ? line : line.slice(0, eq)).trim();
    const at = target.includes(':function:')
      ? target.indexOf(':', target.indexOf(':function:') + ':function:'.length)
      : target.indexOf(':');
    const name = at < 0 ? target : target.slice(0, at);
    return {
      functionName: parseFunctionName('functions', name),
      alias: at < 0 ? alias : parseAliasName('functions', target.slice(at + 1)),
      ...(eq < 0 ? {} : { version: parseVersion('functions', line.slice(eq + 1)) }),
    };
  });
  const seen = new Set<string>();
  for (const f of functions) {
    const key = `${f.functionName}:${f.alias}`;
    if (seen.has(key))
      throw new InputError('functions', key, 'each function and alias once in a cell');
    seen.add(key);
  }
  return functions;
}

export function parseCellName(raw: string): string {
  const name = raw.trim() || 'cell';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name))
    throw new InputError('cell-name', raw, '1 to 64 letters, digits, ., _ or -');
  return name;
}
