import { GLYPHS, GLYPH_H, GLYPH_W } from './font.js';
import { COLS, ROWS, SCREEN, cellOrigin } from './layout.js';

/** Returns 0xRRGGBB for a pixel. */
export type PixelReader = (x: number, y: number) => number;

const byPattern = new Map([...GLYPHS].map(([ch, rows]) => [rows.join(','), ch]));

/**
 * Reads the simulator's console text back from pixels (any colours: a dot is "ink" when it
 * differs from the cell's top-left pixel, which is always background). Unknown shapes read as
 * '\uFFFD'. Lines come back with trailing spaces removed; trailing empty lines are dropped.
 */
export function readTextLines(
  pixel: PixelReader,
  width: number = SCREEN.width,
  height: number = SCREEN.height,
): string[] {
  if (width !== SCREEN.width || height !== SCREEN.height)
    throw new Error(
      `expected a ${SCREEN.width}x${SCREEN.height} framebuffer, got ${width}x${height}`,
    );
  const s = SCREEN.scale;
  const lines: string[] = [];
  for (let row = 0; row < ROWS; row++) {
    let line = '';
    for (let col = 0; col < COLS; col++) {
      const o = cellOrigin(row, col);
      const bg = pixel(o.x, o.y);
      const rows: number[] = [];
      for (let gy = 0; gy < GLYPH_H; gy++) {
        let bits = 0;
        for (let gx = 0; gx < GLYPH_W; gx++)
          bits = (bits << 1) | (pixel(o.x + s + gx * s, o.y + s + gy * s) !== bg ? 1 : 0);
        rows.push(bits);
      }
      line += byPattern.get(rows.join(',')) ?? '\uFFFD';
    }
    lines.push(line.replace(/ +$/, ''));
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Pixels of an RGBA buffer (e.g. a canvas' ImageData). */
export function rgbaPixels(data: Uint8Array | Uint8ClampedArray, width: number): PixelReader {
  return (x, y) => {
    const i = (y * width + x) * 4;
    return ((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
  };
}

/**
 * Pixels of raw RFB data in the server's default pixel format (32 bpp, little endian,
 * red shift 16, green 8, blue 0), i.e. the bytes B, G, R, X per pixel.
 */
export function rfbDefaultPixels(data: Uint8Array, width: number): PixelReader {
  return (x, y) => {
    const i = (y * width + x) * 4;
    return ((data[i + 2] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i] ?? 0);
  };
}
