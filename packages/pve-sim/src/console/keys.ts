/**
 * Key names: QEMU's QKeyCode names as HMP `sendkey` takes them ('ret', 'ctrl-alt-delete',
 * 'shift-a', or a scancode like '0x1c'), and X11 keysyms as RFB KeyEvents carry them. Both are
 * turned into one guest-side key press.
 */
export interface KeyPress {
  /** The printable character this press produces, if any. */
  char?: string;
  /** A named key: 'ret', 'backspace', 'esc', 'tab', 'delete', 'ctrl-alt-delete', ... */
  name: string;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const SHIFTED: Record<string, string> = {
  '1': '!',
  '2': '@',
  '3': '#',
  '4': '$',
  '5': '%',
  '6': '^',
  '7': '&',
  '8': '*',
  '9': '(',
  '0': ')',
  minus: '_',
  equal: '+',
  bracket_left: '{',
  bracket_right: '}',
  backslash: '|',
  semicolon: ':',
  apostrophe: '"',
  grave_accent: '~',
  comma: '<',
  dot: '>',
  slash: '?',
};
const PLAIN: Record<string, string> = {
  minus: '-',
  equal: '=',
  bracket_left: '[',
  bracket_right: ']',
  backslash: '\\',
  semicolon: ';',
  apostrophe: "'",
  grave_accent: '`',
  comma: ',',
  dot: '.',
  slash: '/',
  spc: ' ',
  kp_add: '+',
  kp_subtract: '-',
  kp_multiply: '*',
  kp_divide: '/',
  kp_decimal: '.',
  less: '<',
  asterisk: '*',
};
const MODIFIERS = new Set([
  'shift',
  'shift_r',
  'alt',
  'alt_r',
  'ctrl',
  'ctrl_r',
  'meta_l',
  'meta_r',
  'altgr',
  'altgr_r',
]);
const OTHER = [
  'ret',
  'esc',
  'backspace',
  'tab',
  'caps_lock',
  'num_lock',
  'scroll_lock',
  'menu',
  'print',
  'sysrq',
  'pause',
  'insert',
  'delete',
  'home',
  'end',
  'pgup',
  'pgdn',
  'left',
  'right',
  'up',
  'down',
  'kp_enter',
  'power',
  'sleep',
  'wake',
  'stop',
  'again',
  'props',
  'undo',
  'front',
  'copy',
  'open',
  'paste',
  'find',
  'cut',
  'lf',
  'help',
  'compose',
  'henkan',
  'yen',
  'ro',
  'kp_comma',
  'kp_equals',
  'audionext',
  'audioprev',
  'audiostop',
  'audioplay',
  'audiomute',
  'volumeup',
  'volumedown',
  'mediaselect',
  'mail',
  'calculator',
  'computer',
  'ac_home',
  'ac_back',
  'ac_forward',
  'ac_refresh',
  'ac_bookmarks',
  'lang1',
  'lang2',
  ...Array.from({ length: 24 }, (_v, i) => `f${i + 1}`),
  ...Array.from({ length: 10 }, (_v, i) => `kp_${i}`),
];
const KNOWN = new Set([...LETTERS, ...'0123456789', ...Object.keys(PLAIN), ...MODIFIERS, ...OTHER]);

/**
 * Parses an HMP sendkey argument. Returns undefined for an unknown key name; QEMU then prints
 * "invalid parameter: NAME", which PVE returns as the error.
 */
export function parseSendkey(spec: string): { press?: KeyPress; invalid?: string } {
  const parts = spec.split('-');
  if (parts.some((p) => p === '')) return { invalid: spec };
  for (const p of parts) if (!KNOWN.has(p) && !/^0x[0-9a-f]+$/i.test(p)) return { invalid: p };
  const mods = new Set(parts.filter((p) => MODIFIERS.has(p)).map((p) => p.replace(/_r$/, '')));
  const keys = parts.filter((p) => !MODIFIERS.has(p));
  if (mods.has('ctrl') && mods.has('alt') && keys.includes('delete'))
    return { press: { name: 'ctrl-alt-delete' } };
  const key = keys[keys.length - 1];
  if (key === undefined) return { press: { name: parts.join('-') } };
  const shift = mods.has('shift');
  if (mods.has('ctrl') || mods.has('alt') || mods.has('meta_l')) return { press: { name: spec } };
  if (LETTERS.includes(key) && key.length === 1)
    return { press: { char: shift ? key.toUpperCase() : key, name: spec } };
  if (/^[0-9]$/.test(key) || key in SHIFTED || key in PLAIN) {
    const ch = shift ? SHIFTED[key] : (PLAIN[key] ?? key);
    return { press: ch ? { char: ch, name: spec } : { name: spec } };
  }
  if (/^kp_[0-9]$/.test(key)) return { press: { char: key.slice(3), name: spec } };
  if (key === 'kp_enter' || /^0x0?1c$/i.test(key)) return { press: { name: 'ret' } };
  return { press: { name: key } };
}

const KEYSYM_NAMES: Record<number, string> = {
  0xff0d: 'ret',
  0xff8d: 'ret',
  0xff08: 'backspace',
  0xff09: 'tab',
  0xff1b: 'esc',
  0xffff: 'delete',
  0xff63: 'insert',
  0xff50: 'home',
  0xff57: 'end',
  0xff55: 'pgup',
  0xff56: 'pgdn',
  0xff51: 'left',
  0xff52: 'up',
  0xff53: 'right',
  0xff54: 'down',
  0xffe1: 'shift',
  0xffe2: 'shift_r',
  0xffe3: 'ctrl',
  0xffe4: 'ctrl_r',
  0xffe9: 'alt',
  0xffea: 'alt_r',
  0xffeb: 'meta_l',
  0xffec: 'meta_r',
  0xffe7: 'meta_l',
  0xffe8: 'meta_r',
  0xfe03: 'altgr',
  0xffe5: 'caps_lock',
};

/** The key an RFB KeyEvent keysym names (Latin-1 keysyms are their characters). */
export function keysymPress(keysym: number): KeyPress {
  if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff))
    return { char: String.fromCharCode(keysym), name: String.fromCharCode(keysym) };
  if (keysym >= 0xffbe && keysym <= 0xffd5) return { name: `f${keysym - 0xffbe + 1}` };
  if (keysym >= 0xffb0 && keysym <= 0xffb9)
    return { char: String(keysym - 0xffb0), name: `kp_${keysym - 0xffb0}` };
  return { name: KEYSYM_NAMES[keysym] ?? `0x${keysym.toString(16)}` };
}

export function isModifierName(name: string): boolean {
  return MODIFIERS.has(name);
}
