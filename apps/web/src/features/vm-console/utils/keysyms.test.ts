import { expect, it } from 'vitest';
import { keysymsFor } from './keysyms.js';

it('turns text into X11 keysyms: Latin-1 as is, Return for line breaks, Unicode offset', () => {
  expect(keysymsFor('Ab1-')).toEqual([0x41, 0x62, 0x31, 0x2d]);
  expect(keysymsFor('a\r\nb\tc')).toEqual([0x61, 0xff0d, 0x62, 0xff09, 0x63]);
  expect(keysymsFor('é€')).toEqual([0xe9, 0x01000000 + 0x20ac]);
});
