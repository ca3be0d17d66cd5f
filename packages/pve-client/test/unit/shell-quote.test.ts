import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellJoin, shellQuote } from '../../src/index.js';

const HOSTILE = [
  '',
  ' ',
  "it's",
  "''",
  '$(reboot)',
  '`id`',
  '${HOME}',
  'a;rm -rf /',
  'a && b || c | d',
  'line1\nline2',
  '\\',
  '"double"',
  '*',
  '~root',
  '-rf',
  "x'; touch /tmp/pwned; echo '",
  '!event',
  'tab\there',
  'unicode-äöü-€',
  '#comment',
  '<in >out 2>&1',
];

describe('shellQuote', () => {
  it('leaves plain words readable', () => {
    expect(shellQuote('/var/lib/vz/template/iso/virtio-win.iso')).toBe(
      '/var/lib/vz/template/iso/virtio-win.iso',
    );
    expect(shellQuote('sha256sum')).toBe('sha256sum');
  });

  it('quotes the empty string and single quotes', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  it('refuses NUL bytes', () => {
    expect(() => shellQuote('a\0b')).toThrow(TypeError);
  });

  it('round-trips hostile strings through a real POSIX shell unchanged', () => {
    // printf %s\0 prints each argument verbatim, NUL-separated, so the shell's parse is visible.
    const out = execFileSync('/bin/sh', ['-c', shellJoin(['printf', '%s\\0', ...HOSTILE])], {
      encoding: 'utf8',
    });
    expect(out.split('\0').slice(0, -1)).toEqual(HOSTILE);
  });

  it('refuses an empty argv', () => {
    expect(() => shellJoin([])).toThrow(TypeError);
  });
});
