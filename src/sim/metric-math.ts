import { SimError } from './errors.js';
import type { Series } from './metrics-store.js';

/**
 * A small subset of CloudWatch metric math: + - * / between series and constants,
 * parentheses, unary minus, ABS(x) and FILL(series, value). Enough for error rates
 * (`100 * errors / invocations`) and version-versus-version comparisons.
 */
export type MathValue = Series | number;

type Token = { kind: 'num'; v: number } | { kind: 'id'; v: string } | { kind: 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/(),]))/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw invalid(`Unexpected character at ${pos} in expression: ${src}`);
    pos = re.lastIndex;
    if (m[1] !== undefined) out.push({ kind: 'num', v: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ kind: 'id', v: m[2] });
    else out.push({ kind: 'op', v: m[3]! });
  }
  return out;
}

function invalid(msg: string): SimError {
  return new SimError('InvalidParameterValue', 400, msg);
}

/** Ids the expression reads, so the caller can order queries by dependency. */
export function referencedIds(expression: string): string[] {
  const toks = tokenize(expression);
  return toks
    .filter((t, i) => t.kind === 'id' && !(toks[i + 1]?.kind === 'op' && toks[i + 1]?.v === '('))
    .map((t) => t.v as string);
}

/** `grid` is every bucket timestamp of the query window: FILL fills the gaps on it. */
export function evaluateExpression(
  expression: string,
  lookup: (id: string) => MathValue,
  grid: number[] = [],
): MathValue {
  const toks = tokenize(expression);
  let i = 0;
  const peek = (): Token | undefined => toks[i];
  const isOp = (v: string): boolean => peek()?.kind === 'op' && peek()?.v === v;
  const expect = (v: string): void => {
    if (!isOp(v)) throw invalid(`Expected '${v}' in expression: ${expression}`);
    i++;
  };

  const primary = (): MathValue => {
    const t = toks[i++];
    if (!t) throw invalid(`Unexpected end of expression: ${expression}`);
    if (t.kind === 'num') return t.v;
    if (t.kind === 'op' && t.v === '(') {
      const v = sum();
      expect(')');
      return v;
    }
    if (t.kind === 'op' && t.v === '-') return apply(0, primary(), (a, b) => a - b);
    if (t.kind === 'id') {
      if (isOp('(')) {
        i++;
        const args: MathValue[] = [sum()];
        while (isOp(',')) {
          i++;
          args.push(sum());
        }
        expect(')');
        return callFunction(t.v.toUpperCase(), args, grid);
      }
      return lookup(t.v);
    }
    throw invalid(`Unexpected '${t.v}' in expression: ${expression}`);
  };
  const product = (): MathValue => {
    let v = primary();
    while (isOp('*') || isOp('/')) {
      const op = toks[i++]!.v;
      const r = primary();
      v = op === '*' ? apply(v, r, (a, b) => a * b) : apply(v, r, (a, b) => a / b);
    }
    return v;
  };
  const sum = (): MathValue => {
    let v = product();
    while (isOp('+') || isOp('-')) {
      const op = toks[i++]!.v;
      const r = product();
      v = op === '+' ? apply(v, r, (a, b) => a + b) : apply(v, r, (a, b) => a - b);
    }
    return v;
  };

  const result = sum();
  if (i !== toks.length) throw invalid(`Unexpected trailing tokens in expression: ${expression}`);
  return result;
}

function callFunction(name: string, args: MathValue[], grid: number[]): MathValue {
  if (name === 'ABS' && args.length === 1) return apply(args[0]!, 0, (a) => Math.abs(a));
  const [series, fill] = args;
  if (
    name === 'FILL' &&
    args.length === 2 &&
    typeof series !== 'number' &&
    typeof fill === 'number'
  ) {
    const have = new Map(series!.timestamps.map((t, k) => [t, series!.values[k]!]));
    return { timestamps: [...grid], values: grid.map((t) => have.get(t) ?? fill) };
  }
  throw invalid(`Unsupported function ${name} with ${args.length} argument(s)`);
}

/** Series with series pair up by timestamp; a point missing on either side is dropped. */
function apply(a: MathValue, b: MathValue, f: (x: number, y: number) => number): MathValue {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const out: Series = { timestamps: [], values: [] };
  const push = (t: number, v: number): void => {
    if (Number.isFinite(v)) {
      out.timestamps.push(t);
      out.values.push(v);
    }
  };
  if (typeof a === 'number')
    (b as Series).timestamps.forEach((t, k) => push(t, f(a, (b as Series).values[k]!)));
  else if (typeof b === 'number') a.timestamps.forEach((t, k) => push(t, f(a.values[k]!, b)));
  else {
    const right = new Map(b.timestamps.map((t, k) => [t, b.values[k]!]));
    a.timestamps.forEach((t, k) => {
      const r = right.get(t);
      if (r !== undefined) push(t, f(a.values[k]!, r));
    });
  }
  return out;
}
