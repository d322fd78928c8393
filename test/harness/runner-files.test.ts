import { describe, expect, it } from '@jest/globals';
import { evaluatePostIf, expandDefault } from './manifest.js';
import {
  parseKeyValueFile,
  parsePathFile,
  parseWorkflowCommands,
  toAnnotations,
} from './runner-files.js';

describe('parseKeyValueFile', () => {
  it('reads name=value lines, keeping everything after the first =', () => {
    expect(parseKeyValueFile('a=1\n\nb=x=y\r\nc=\n')).toEqual({ a: '1', b: 'x=y', c: '' });
  });

  it('reads heredocs, whose body may hold = and <<', () => {
    const file = 'multi<<ghadelimiter_1\nline one\nk=v <<x\n\nghadelimiter_1\nafter=2\n';
    expect(parseKeyValueFile(file)).toEqual({ multi: 'line one\nk=v <<x\n', after: '2' });
  });

  it('lets the first marker decide: a=b<<c is a plain value', () => {
    expect(parseKeyValueFile('a=b<<c\n')).toEqual({ a: 'b<<c' });
  });

  it('fails like the runner on a heredoc without its end or a line without a marker', () => {
    expect(() => parseKeyValueFile('x<<EOF\nnever ends\n', 'GITHUB_OUTPUT')).toThrow(
      /GITHUB_OUTPUT: heredoc 'x' never ends/,
    );
    expect(() => parseKeyValueFile('just words\n')).toThrow(/invalid line 1/);
  });
});

describe('parsePathFile', () => {
  it('returns one directory per non-empty line', () => {
    expect(parsePathFile('/a\n\n /b \n')).toEqual(['/a', '/b']);
  });
});

describe('workflow commands', () => {
  it('parses annotations with escaped properties and messages', () => {
    const log = [
      'plain line',
      '  ::error file=a.ts,line=3,col=7,title=T%3A x%2C y::bad%0Athing 100%25',
      '::Warning::careful',
      '::notice endColumn=9,custom=z::fyi',
    ].join('\n');
    expect(toAnnotations(parseWorkflowCommands(log))).toEqual([
      {
        level: 'error',
        message: 'bad\nthing 100%',
        title: 'T: x, y',
        file: 'a.ts',
        line: 3,
        col: 7,
        properties: { file: 'a.ts', line: '3', col: '7', title: 'T: x, y' },
      },
      { level: 'warning', message: 'careful', properties: {} },
      {
        level: 'notice',
        message: 'fyi',
        endColumn: 9,
        properties: { endColumn: '9', custom: 'z' },
      },
    ]);
  });

  it('ignores commands between ::stop-commands:: and the token', () => {
    const log = '::stop-commands::tok\n::error::hidden\n::tok::\n::error::shown\n';
    expect(parseWorkflowCommands(log).map((c) => c.message)).toEqual(['shown']);
  });

  // What the runner's ActionCommand.TryParseV2 and TryParse accept, so a forged command the
  // runner would run cannot pass a test here unseen.
  it('reads commands after any leading whitespace', () => {
    expect(parseWorkflowCommands(' \t::add-mask::x').map((c) => c.command)).toEqual(['add-mask']);
  });

  it('reads the legacy ##[name k=v;k=v]data form anywhere in a line', () => {
    expect(parseWorkflowCommands('hook: ##[error title=a%3Bb;]bad%5D')).toEqual([
      { command: 'error', properties: { title: 'a;b' }, message: 'bad]' },
    ]);
  });

  it('ends lines at CR as well as LF', () => {
    expect(parseWorkflowCommands('progress\r::error::after CR').map((c) => c.message)).toEqual([
      'after CR',
    ]);
  });

  it('ignores names the runner does not register', () => {
    expect(parseWorkflowCommands('::forged::x\n##[nope]y\n::error::real')).toHaveLength(1);
  });

  it('resumes only on the token, in either form', () => {
    const log = '::stop-commands::Tok\n::error::a\n##[tok]\n::error::b\n';
    expect(parseWorkflowCommands(log).map((c) => c.message)).toEqual(['b']);
  });
});

describe('evaluatePostIf', () => {
  it('knows the status functions and combines them', () => {
    expect(evaluatePostIf('always()', 'cancelled')).toBe(true);
    expect(evaluatePostIf('${{ failure() }}', 'failure')).toBe(true);
    expect(evaluatePostIf('failure() || cancelled()', 'success')).toBe(false);
    expect(evaluatePostIf('!cancelled() && (success() || failure())', 'failure')).toBe(true);
  });

  it('implies success() when no status function is named, as the runner does', () => {
    expect(evaluatePostIf('true', 'success')).toBe(true);
    expect(evaluatePostIf('true', 'failure')).toBe(false);
  });

  it('refuses what it cannot evaluate', () => {
    expect(() => evaluatePostIf("github.ref == 'main'", 'success')).toThrow(/unsupported/);
  });
});

describe('expandDefault', () => {
  it('fills github, runner and env from the step env', () => {
    const env = { GITHUB_REPOSITORY: 'o/r', RUNNER_TEMP: '/t', REGION: 'eu-west-1' };
    expect(
      expandDefault('${{ github.repository }}:${{runner.temp}}:${{ env.REGION }}', env, ''),
    ).toBe('o/r:/t:eu-west-1');
    expect(expandDefault('${{ github.token }}', env, 'ghs_x')).toBe('ghs_x');
    expect(() => expandDefault('${{ inputs.x }}', env, '')).toThrow(/pass the input/);
  });
});
