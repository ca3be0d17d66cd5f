/**
 * Converts the pattern strings PVE schemas carry (plain Perl regex source, or a stringified
 * `qr//` such as `(?^:^(0x)[0-9a-fA-F]{16})`) into a JavaScript RegExp matching like Perl's
 * `m/^$pattern$/` in check_prop: the pattern is interpolated WITHOUT grouping (so a top-level
 * alternation binds loosely, as in Perl) and `$` also matches before one final newline.
 */
const cache = new Map<string, RegExp>();

export function perlAnchoredRegex(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let flags = '';
  let src = pattern.replace(/\(\?\^([a-z]*):/g, (_m, mods: string) => {
    // JS (Node 20) has no inline modifiers: apply a case-insensitive group to the whole regex.
    if (mods.includes('i')) flags = 'i';
    return '(?:';
  });
  // Perl >= 5.34 reads `{,n}` as `{0,n}`; JavaScript would read it literally.
  src = src.replace(/\{,(\d+)\}/g, '{0,$1}');
  src = src.replace(/\\z/g, '$').replace(/\\A/g, '^');
  const re = new RegExp(`^${src}(?=\\n?$)`, flags);
  cache.set(pattern, re);
  return re;
}
