// How an error reads in a log line, an annotation or a summary: the name when it tells the
// reader something, never for bad input, whose message says it all.
import { describe, expect, it } from '@jest/globals';
import { errorText } from '../../../src/core/error-text.js';
import { InputError } from '../../../src/core/input-error.js';

describe('errorText', () => {
  it('puts a telling name in front of the message', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    expect(errorText(throttled)).toBe('ThrottlingException: Rate exceeded');
  });

  it('leaves out the plain Error name', () => {
    expect(errorText(new Error('connect ECONNREFUSED 127.0.0.1:9'))).toBe(
      'connect ECONNREFUSED 127.0.0.1:9',
    );
  });

  it('gives bad input as its own message, naming the input', () => {
    expect(errorText(new InputError('version', 'v2', 'a published version number'))).toBe(
      "Input 'version' is 'v2'; expected a published version number.",
    );
  });

  it('turns anything thrown that is not an error into text', () => {
    expect(errorText('boom')).toBe('boom');
    expect(errorText(undefined)).toBe('undefined');
  });
});
