import { InputError } from './input-error.js';
import { redact } from './redact.js';
import { neededPermission, permanentKind } from './retry.js';

/**
 * An error as one line for people: its name when it says something (ThrottlingException,
 * PreconditionFailedException), then its message. An InputError's message already names
 * the input, the value and the expected form, so it stands alone. Credentials an error
 * echoes (AWS's signature errors quote the session token) are removed here, where every
 * error becomes text.
 * A denial says which
 * permission to grant and bad credentials say so: AWS's own message for those often names
 * neither (CloudWatch's AccessDenied can be a bare "User is not authorized").
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
  const hint = fixHint(error);
  return hint ? `${name}${e.message.replace(/\.$/, '')}${hint}` : `${name}${e.message}`;
}

function fixHint(error: unknown): string {
  switch (permanentKind(error)) {
    case 'denied': {
      const permission = neededPermission(error);
      return permission && !String((error as Error).message).includes(permission)
        ? ` (needs ${permission})`
        : '';
    }
    case 'credentials':
      return ' (the credentials are not valid or have expired)';
    default:
      return '';
  }
}
