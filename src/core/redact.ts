// Credentials out of text bound for a log, an annotation, an output or a summary. AWS echoes
// the canonical request (with x-amz-security-token) in a signature error, a proxy or GitHub
// may echo an Authorization header, and an SDK error can carry a presigned URL: the error's
// text is the suite's to print, the credentials in it are not. The runner masks only values
// registered with add-mask; these patterns catch what was never registered.

/** What a removed credential reads as, as the runner's own masking shows it. */
export const REDACTED = '***';

/** A registered value shorter than this is not a credential, and replacing it would maul the log. */
const MIN_SECRET_LENGTH = 8;

const PATTERNS: [RegExp, string | ((run: string) => string)][] = [
  // Whole header values: `Authorization: AWS4-HMAC-SHA256 Credential=...`, `token ghs_...`.
  [/(\bauthorization["']?\s*[:=]\s*["']?)[^\r\n"']+/gi, `$1${REDACTED}`],
  // Presigned-URL parameters and the canonical request's header line.
  [
    /(\bx-amz-(?:security-token|credential|signature)["']?\s*[:=]\s*["']?)[^\s&"',;]+/gi,
    `$1${REDACTED}`,
  ],
  [/(\b(?:signature|credential)=)[^\s&"',;]+/gi, `$1${REDACTED}`],
  // Secret keys and session tokens after their usual names, in env, ini, JSON or SDK form.
  [
    /(\b(?:aws_?)?(?:secret_?access_?key|session_?token)["']?\s*[:=]\s*["']?)[^\s&"',;]+/gi,
    `$1${REDACTED}`,
  ],
  // AWS access key ids: long-term (AKIA) and temporary (ASIA).
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  // GitHub tokens: personal, OAuth, user-to-server, server-to-server, refresh, fine-grained.
  [/\bgh[pousr]_[A-Za-z0-9]{16,}\b/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, REDACTED],
  [/(\bbearer\s+)[A-Za-z0-9._~+/-]{8,}=*/gi, `$1${REDACTED}`],
  [/(\btoken\s+)[A-Za-z0-9._~+/-]{20,}=*/g, `$1${REDACTED}`],
  // A session token seen bare: hundreds of base64 characters in both cases and digits.
  // Nothing the suite prints (ARNs, versions, request ids, hashes, the deployment record)
  // has such a run; a long path has no digits or capitals in every stretch, so it stays.
  [
    /[A-Za-z0-9+/]{100,}={0,2}/g,
    (run) => (/\d/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run) ? REDACTED : run),
  ],
];

/**
 * `text` without the credentials it may carry: the values in `secrets` (as given and
 * URL-encoded) and anything shaped like an AWS or GitHub credential.
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  const values = [...secrets]
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .flatMap((s) => [s, encodeURIComponent(s)])
    // Longest first, so a secret that contains another is removed whole.
    .sort((a, b) => b.length - a.length);
  for (const value of values) out = out.split(value).join(REDACTED);
  for (const [pattern, replacement] of PATTERNS)
    out =
      typeof replacement === 'string'
        ? out.replace(pattern, replacement)
        : out.replace(pattern, replacement);
  return out;
}
