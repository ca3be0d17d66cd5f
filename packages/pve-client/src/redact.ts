/**
 * Secret redaction for everything that may end up in a log line or an error message.
 * Pattern rules catch PVE credentials whatever their origin (tickets, CSRF tokens, token
 * headers, password fields); `secrets` adds the literal values a client knows it holds.
 */

const MASK = '<redacted>';

const RULES: [RegExp, string][] = [
  // PVE ticket: PVE:<userid>:<8 hex>::<signature>
  [/PVE:[^\s:]+:[0-9A-Fa-f]{8}::[^\s;"'&,]+/g, `PVE:${MASK}`],
  // PVEAPIToken=user@realm!id=secret (or a space after the prefix)
  [/(PVEAPIToken[= ][^=\s;"']+)=[^\s;"'&,]+/g, `$1=${MASK}`],
  [/(PVEAuthCookie=)[^\s;"'&,]+/g, `$1${MASK}`],
  [/(CSRFPreventionToken["']?\s*[:=]\s*["']?)[^\s;"'&,]+/gi, `$1${MASK}`],
  // form or query encoded password/secret fields
  [/((?:^|[?&\s])(?:password|secret|ticket|otp)=)[^&\s"']*/gi, `$1${MASK}`],
  // JSON-ish password/secret fields
  [
    /(["'](?:password|secret|ticket|otp|privateKey|passphrase)["']\s*:\s*["'])[^"']*/gi,
    `$1${MASK}`,
  ],
  // PEM private keys
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, MASK],
];

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short values would redact innocent text; real secrets are long.
    if (secret.length >= 4) out = out.split(secret).join(MASK);
  }
  for (const [re, replacement] of RULES) out = out.replace(re, replacement);
  return out;
}

/** Redacts every string inside a plain object (for structured log fields). */
export function redactValue(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = /password|secret|ticket|csrf|privatekey|passphrase|authorization|cookie/i.test(k)
        ? MASK
        : redactValue(v, secrets);
    }
    return out;
  }
  return value;
}
