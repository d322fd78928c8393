// The wire shapes of a reply: each service's error form, so the SDK (or Octokit) raises the
// same error it raises against the real service, and the bytes that go out.
import type http from 'node:http';
import type { SimError } from './errors.js';

export type Service = 'Lambda' | 'CloudWatch' | 'GitHub';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** REST-JSON: the code travels in X-Amzn-ErrorType; Retry-After feeds retryAfterSeconds. */
export function lambdaError(e: SimError): Reply {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-errortype': e.code,
  };
  const body: Record<string, unknown> = {
    Type: e.extra.type ?? (e.status >= 500 ? 'Service' : 'User'),
    message: e.message,
  };
  if (e.extra.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(e.extra.retryAfterSeconds);
  if (e.extra.reason) body.Reason = e.extra.reason;
  return { status: e.status, headers, body: JSON.stringify(body) };
}

/**
 * AWS JSON 1.0 in query-compatible mode: the SDK takes the code from x-amzn-query-error
 * (`Code;Sender`) and maps it through each error's awsQueryError trait, so
 * `InvalidParameterValue` becomes InvalidParameterValueException as against AWS. A code no
 * error declares (`AccessDenied`, `SignatureDoesNotMatch`) surfaces as a
 * CloudWatchServiceException named after the code.
 */
export function cloudWatchError(e: SimError): Reply {
  return {
    status: e.status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-query-error': `${e.code};${e.status >= 500 ? 'Receiver' : 'Sender'}`,
    },
    body: JSON.stringify({ __type: `com.amazonaws.cloudwatch#${e.code}`, message: e.message }),
  };
}

/** GitHub's REST error body; Octokit reads `message` and the status. */
export function gitHubError(e: SimError): Reply {
  return {
    status: e.status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: e.message, documentation_url: 'https://docs.github.com/rest' }),
  };
}

export function errorReply(service: Service, e: SimError): Reply {
  if (service === 'Lambda') return lambdaError(e);
  if (service === 'CloudWatch') return cloudWatchError(e);
  return gitHubError(e);
}

export function send(res: http.ServerResponse, r: Reply): void {
  const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
  res.writeHead(r.status, {
    ...r.headers,
    'content-length': String(body.length),
    'x-amzn-requestid': 'sim',
  });
  res.end(body);
}
