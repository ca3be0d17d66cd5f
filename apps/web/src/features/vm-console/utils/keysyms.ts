/**
 * X11 keysyms for typing text into the VM: Latin-1 characters are their own keysym, every
 * other character is 0x01000000 + its code point (the X11 Unicode convention noVNC sends),
 * line breaks are Return and tabs Tab.
 */
export function keysymsFor(text: string): number[] {
  const out: number[] = [];
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\n') out.push(0xff0d);
    else if (ch === '\t') out.push(0xff09);
    else if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff)) out.push(cp);
    else if (cp > 0xff) out.push(0x01000000 + cp);
  }
  return out;
}
