/**
 * POSIX shell quoting for one argument. Safe characters pass unchanged (readable logs);
 * everything else is wrapped in single quotes, with embedded single quotes written as '\''.
 * Inside single quotes a POSIX shell interprets nothing ($, `, \, !, newlines are literal).
 * NUL cannot be carried by any shell argument, so it is refused instead of truncated.
 */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(arg: string): string {
  if (typeof arg !== 'string') throw new TypeError('shell argument must be a string');
  if (arg.includes('\0')) throw new TypeError('shell argument contains a NUL byte');
  if (SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Joins argv into one command line where every argument is quoted. */
export function shellJoin(argv: readonly string[]): string {
  if (argv.length === 0) throw new TypeError('empty command');
  return argv.map(shellQuote).join(' ');
}
