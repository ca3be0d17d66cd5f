/** Screen geometry shared by the renderer and the text reader. */
export const SCREEN = {
  width: 800,
  height: 600,
  /** Every font dot is drawn as a SCALE x SCALE square. */
  scale: 2,
  /** A character cell: 5x7 glyph dots + one dot of spacing each way. */
  cellW: 12,
  cellH: 16,
  marginX: 8,
  marginY: 8,
} as const;

export const COLS = Math.floor((SCREEN.width - 2 * SCREEN.marginX) / SCREEN.cellW);
export const ROWS = Math.floor((SCREEN.height - 2 * SCREEN.marginY) / SCREEN.cellH);

/** Top-left pixel of the cell at (row, col). */
export function cellOrigin(row: number, col: number): { x: number; y: number } {
  return { x: SCREEN.marginX + col * SCREEN.cellW, y: SCREEN.marginY + row * SCREEN.cellH };
}
