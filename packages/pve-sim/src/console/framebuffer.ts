import { GLYPH_H, GLYPH_W, glyphRows } from './font.js';
import { COLS, ROWS, SCREEN, cellOrigin } from './layout.js';

export interface TextLine {
  text: string;
  /** 0xRRGGBB */
  fg?: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A 24-bit framebuffer (one 0xRRGGBB number per pixel) holding a text screen. */
export class Framebuffer {
  readonly width = SCREEN.width;
  readonly height = SCREEN.height;
  readonly pixels = new Uint32Array(SCREEN.width * SCREEN.height);
  private lines: string[] = [];
  private bg = 0;

  /**
   * Redraws the screen; returns the rectangle that changed (undefined when nothing did), so
   * RFB sessions can send incremental updates.
   */
  render(lines: readonly TextLine[], bg: number, defaultFg: number): Rect | undefined {
    const fullRedraw = bg !== this.bg || this.lines.length === 0;
    const next = lines.slice(0, ROWS).map((l) => l.text.slice(0, COLS));
    let top = -1;
    let bottom = -1;
    for (let row = 0; row < ROWS; row++) {
      const before = this.lines[row] ?? '';
      const after = next[row] ?? '';
      if (!fullRedraw && before === after) continue;
      if (top < 0) top = row;
      bottom = row;
      this.drawRow(row, after, lines[row]?.fg ?? defaultFg, bg);
    }
    this.bg = bg;
    this.lines = next;
    if (fullRedraw) {
      // Margins too, so a colour change repaints the whole screen.
      this.fillRect({ x: 0, y: 0, w: this.width, h: SCREEN.marginY }, bg);
      const end = cellOrigin(ROWS, 0).y;
      this.fillRect({ x: 0, y: end, w: this.width, h: this.height - end }, bg);
      for (let row = 0; row < ROWS; row++)
        this.drawRow(row, next[row] ?? '', lines[row]?.fg ?? defaultFg, bg);
      return { x: 0, y: 0, w: this.width, h: this.height };
    }
    if (top < 0) return undefined;
    const y = cellOrigin(top, 0).y;
    return { x: 0, y, w: this.width, h: (bottom - top + 1) * SCREEN.cellH };
  }

  private fillRect(r: Rect, color: number): void {
    for (let y = r.y; y < Math.min(r.y + r.h, this.height); y++)
      this.pixels.fill(
        color,
        y * this.width + r.x,
        y * this.width + Math.min(r.x + r.w, this.width),
      );
  }

  private drawRow(row: number, text: string, fg: number, bg: number): void {
    const { y } = cellOrigin(row, 0);
    this.fillRect({ x: 0, y, w: this.width, h: SCREEN.cellH }, bg);
    const s = SCREEN.scale;
    for (let col = 0; col < text.length; col++) {
      const ch = text[col] ?? ' ';
      if (ch === ' ') continue;
      const origin = cellOrigin(row, col);
      const rows = glyphRows(ch);
      for (let gy = 0; gy < GLYPH_H; gy++) {
        const bits = rows[gy] ?? 0;
        for (let gx = 0; gx < GLYPH_W; gx++) {
          if (!(bits & (1 << (GLYPH_W - 1 - gx)))) continue;
          const px = origin.x + s + gx * s;
          const py = origin.y + s + gy * s;
          for (let dy = 0; dy < s; dy++)
            this.pixels.fill(fg, (py + dy) * this.width + px, (py + dy) * this.width + px + s);
        }
      }
    }
  }
}
