// The SigV4 canonical request and string-to-sign that AWS echoes when a signature does not
// match, rebuilt from the request as it arrived. AWS echoes the signed headers' values, a
// session token among them: the point of the `signature` fault is that tests can prove such
// an error message never reaches a log.
import { createHash } from 'node:crypto';
import type http from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query string as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const TOKEN_HEADER = 'x-amz-security-token';

export function signatureMismatchMessage(req: RawRequest): string {
  const { canonicalRequest, stringToSign } = expectedSignature(req);
  return (
    'The request signature we calculated does not match the signature you provided. ' +
    'Check your AWS Secret Access Key and signing method. ' +
    'Consult the service documentation for details.\n\n' +
    `The Canonical String for this request should have been\n'${canonicalRequest}'\n\n` +
    `The String-to-Sign should have been\n'${stringToSign}'\n`
  );
}

export function expectedSignature(req: RawRequest): {
  canonicalRequest: string;
  stringToSign: string;
} {
  const auth = header(req, 'authorization');
  const signed = new Set(
    (/SignedHeaders=([^,\s]+)/.exec(auth)?.[1] ?? 'host').split(';').filter(Boolean),
  );
  if (req.headers[TOKEN_HEADER] !== undefined) signed.add(TOKEN_HEADER);
  const names = [...signed].sort();
  const [path = '/', query = ''] = req.url.split('?', 2);
  const payloadHash =
    header(req, 'x-amz-content-sha256') || createHash('sha256').update(req.body).digest('hex');
  const canonicalRequest = [
    req.method,
    canonicalPath(path),
    canonicalQuery(query),
    names.map((n) => `${n}:${header(req, n).trim().replace(/\s+/g, ' ')}\n`).join(''),
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = /Credential=[^/,\s]+\/([^,\s]+)/.exec(auth)?.[1] ?? '';
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    header(req, 'x-amz-date'),
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  return { canonicalRequest, stringToSign };
}

function header(req: RawRequest, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

/** RFC 3986 unreserved characters stay; everything else is percent-encoded. */
function uriEscape(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Services other than S3 encode the path as received once more (`%3A` → `%253A`). */
function canonicalPath(path: string): string {
  return path.split('/').map(uriEscape).join('/');
}

function canonicalQuery(query: string): string {
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [k = '', v = ''] = pair
        .split('=', 2)
        .map((x) => decodeURIComponent(x.replace(/\+/g, ' ')));
      return [uriEscape(k), uriEscape(v)] as const;
    })
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}
