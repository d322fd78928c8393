/**
 * Bad input, found before any AWS call that changes anything. The message always names
 * the input, the value it got and the form it expects, so the fix is obvious from the log.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly value: string,
    readonly expected: string,
  ) {
    super(`Input '${input}' is ${value === '' ? 'empty' : `'${value}'`}; expected ${expected}.`);
    this.name = 'InputError';
  }
}
