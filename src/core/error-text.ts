import { InputError } from './input-error.js';
import { redact } from './redact.js';

/**
 * An error as one line for people: its name when it says something (ThrottlingException,
 * PreconditionFailedException), then its message. An InputError's message already names
 * the input, the value and the expected form, so it stands alone. Credentials an error
 * echoes (AWS's signature errors quote the session token) are removed here, where every
 * error becomes text.
 */
export function errorText(error: unknown): string {
  return redact(describe(error));
}

function describe(error: unknown): string {
  if (error instanceof InputError) return error.message;
  const e = error as { name?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object' || typeof e.message !== 'string') return String(error);
  const name =
    typeof e.name === 'string' && e.name !== '' && e.name !== 'Error' ? `${e.name}: ` : '';
  return `${name}${e.message}`;
}
