import { describe, expect, it } from 'vitest';
import { Framebuffer } from '../../src/console/framebuffer.js';
import { parseSendkey } from '../../src/console/keys.js';
import { readTextLines } from '../../src/index.js';

describe('bitmap font and text reader', () => {
  it('reads every printable ASCII character back from pixels, in any colours', () => {
    const all = Array.from({ length: 95 }, (_v, i) => String.fromCharCode(32 + i)).join('');
    const lines = [all.slice(1, 60), all.slice(60), 'Press any key to boot from CD or DVD...'];
    const fb = new Framebuffer();
    fb.render(
      lines.map((text) => ({ text })),
      0x1f2a6b,
      0xffffff,
    );
    expect(readTextLines((x, y) => fb.pixels[y * fb.width + x] ?? 0)).toEqual(lines);
    // A second render only reports the rows that changed.
    const next = [...lines.slice(0, 2), 'changed'].map((text) => ({ text }));
    const rect = fb.render(next, 0x1f2a6b, 0xffffff);
    expect(rect).toEqual({ x: 0, y: 8 + 2 * 16, w: 800, h: 16 });
  });

  it('parses QEMU sendkey names', () => {
    expect(parseSendkey('ret').press).toEqual({ name: 'ret' });
    expect(parseSendkey('shift-a').press).toEqual({ char: 'A', name: 'shift-a' });
    expect(parseSendkey('shift-1').press?.char).toBe('!');
    expect(parseSendkey('ctrl-alt-delete').press).toEqual({ name: 'ctrl-alt-delete' });
    expect(parseSendkey('kp_5').press?.char).toBe('5');
    expect(parseSendkey('0x1c').press).toEqual({ name: 'ret' });
    expect(parseSendkey('ctrl-foo').invalid).toBe('foo');
    expect(parseSendkey('a--b').invalid).toBe('a--b');
  });
});
