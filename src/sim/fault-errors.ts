// The error each error-answering fault kind gets, per service, in the codes and message forms
// the real services use, so retry and reporting code is tested against what it will meet.
import { SimError } from './errors.js';
import type { Fault, FaultedCall } from './faults.js';
import { ACCOUNT } from './lambda.js';
import { signatureMismatchMessage, type RawRequest } from './signature.js';

/** The identity a denied call names: the role a workflow assumes through OIDC. */
export const DENIED_IDENTITY = `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/gha`;

/** The IAM action behind an operation, where its name is not the operation's. */
const LAMBDA_ACTIONS: Record<string, string> = { Invoke: 'InvokeFunction' };

export function faultError(
  f: Fault,
  call: FaultedCall,
  req: RawRequest,
  region: string,
): SimError | undefined {
  const lambda = call.service === 'Lambda';
  switch (f.kind) {
    case 'throttle':
      return lambda
        ? new SimError('TooManyRequestsException', 429, 'Rate exceeded', {
            retryAfterSeconds: f.retryAfterSeconds ?? 1,
            reason: 'CallerRateLimitExceeded',
          })
        : new SimError('Throttling', 400, 'Rate exceeded');
    case 'conflict':
      return new SimError(
        lambda ? 'ResourceConflictException' : 'ResourceConflict',
        409,
        'The operation cannot be performed at this time. An update is in progress for resource.',
      );
    case 'server-error':
      return lambda
        ? new SimError('ServiceException', 500, 'The service encountered an internal error.', {
            type: 'Service',
          })
        : new SimError('InternalServiceError', 500, 'Internal service error.');
    case 'access-denied':
      return accessDenied(call, region);
    case 'signature':
      return new SimError(
        lambda ? 'InvalidSignatureException' : 'SignatureDoesNotMatch',
        403,
        signatureMismatchMessage(req),
      );
    default:
      return undefined;
  }
}

function accessDenied(call: FaultedCall, region: string): SimError {
  if (call.service === 'GitHub')
    return new SimError('Forbidden', 403, 'Resource not accessible by integration');
  const lambda = call.service === 'Lambda';
  const action = lambda
    ? `lambda:${LAMBDA_ACTIONS[call.operation] ?? call.operation}`
    : `cloudwatch:${call.operation}`;
  const resource = lambda ? lambdaResource(call, region) : cloudWatchResource(call, region);
  return new SimError(
    lambda ? 'AccessDeniedException' : 'AccessDenied',
    403,
    `User: ${DENIED_IDENTITY} is not authorized to perform: ${action}` +
      (resource ? ` on resource: ${resource}` : '') +
      ` because no identity-based policy allows the ${action} action`,
  );
}

function lambdaResource(call: FaultedCall, region: string): string {
  const p = call.params;
  // The path may carry an ARN or `fn:qualifier` instead of a bare name.
  const [name = '*', inName] = String(p.FunctionName ?? '*')
    .replace(/^arn:[^:]+:lambda:[^:]*:[^:]*:function:/, '')
    .split(':');
  const qualifier = p.Name ?? p.Qualifier ?? inName;
  return `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}${qualifier ? `:${String(qualifier)}` : ''}`;
}

/** Alarm operations are authorized per alarm; metric reads and writes have no resource. */
function cloudWatchResource(call: FaultedCall, region: string): string | undefined {
  if (!call.operation.includes('Alarm')) return undefined;
  const p = call.params;
  const names = p.AlarmNames as string[] | undefined;
  const name = p.AlarmName ?? (names?.length === 1 ? names[0] : '*');
  return `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${String(name)}`;
}
