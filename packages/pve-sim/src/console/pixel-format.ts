/** RFB PIXEL_FORMAT (16 bytes on the wire) and Raw encoding of 0xRRGGBB pixels into it. */
export interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

/** QEMU's default: 32 bpp, depth 24, little endian, 8 bits per colour. */
export const DEFAULT_FORMAT: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 16,
  greenShift: 8,
  blueShift: 0,
};

export function writePixelFormat(pf: PixelFormat): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt8(pf.bitsPerPixel, 0);
  b.writeUInt8(pf.depth, 1);
  b.writeUInt8(pf.bigEndian ? 1 : 0, 2);
  b.writeUInt8(pf.trueColour ? 1 : 0, 3);
  b.writeUInt16BE(pf.redMax, 4);
  b.writeUInt16BE(pf.greenMax, 6);
  b.writeUInt16BE(pf.blueMax, 8);
  b.writeUInt8(pf.redShift, 10);
  b.writeUInt8(pf.greenShift, 11);
  b.writeUInt8(pf.blueShift, 12);
  return b;
}

export function readPixelFormat(b: Buffer, at: number): PixelFormat {
  return {
    bitsPerPixel: b.readUInt8(at),
    depth: b.readUInt8(at + 1),
    bigEndian: b.readUInt8(at + 2) !== 0,
    trueColour: b.readUInt8(at + 3) !== 0,
    redMax: b.readUInt16BE(at + 4),
    greenMax: b.readUInt16BE(at + 6),
    blueMax: b.readUInt16BE(at + 8),
    redShift: b.readUInt8(at + 10),
    greenShift: b.readUInt8(at + 11),
    blueShift: b.readUInt8(at + 12),
  };
}

/** Formats the simulator can encode (true colour at 8, 16 or 32 bpp; no colour maps). */
export function supported(pf: PixelFormat): boolean {
  return pf.trueColour && [8, 16, 32].includes(pf.bitsPerPixel);
}

/** Raw encoding of a rectangle of `pixels` (row stride `width`). */
export function encodeRaw(
  pixels: Uint32Array,
  width: number,
  r: { x: number; y: number; w: number; h: number },
  pf: PixelFormat,
): Buffer {
  const bpp = pf.bitsPerPixel / 8;
  const out = Buffer.alloc(r.w * r.h * bpp);
  const fast =
    bpp === 4 &&
    !pf.bigEndian &&
    pf.redMax === 255 &&
    pf.greenMax === 255 &&
    pf.blueMax === 255 &&
    pf.redShift === 16 &&
    pf.greenShift === 8 &&
    pf.blueShift === 0;
  let o = 0;
  for (let y = r.y; y < r.y + r.h; y++) {
    const row = y * width;
    for (let x = r.x; x < r.x + r.w; x++) {
      const rgb = pixels[row + x] ?? 0;
      if (fast) {
        out.writeUInt32LE(rgb, o);
        o += 4;
        continue;
      }
      const v =
        ((Math.round((((rgb >> 16) & 255) * pf.redMax) / 255) << pf.redShift) |
          (Math.round((((rgb >> 8) & 255) * pf.greenMax) / 255) << pf.greenShift) |
          (Math.round(((rgb & 255) * pf.blueMax) / 255) << pf.blueShift)) >>>
        0;
      if (bpp === 1) out.writeUInt8(v & 255, o);
      else if (bpp === 2 && pf.bigEndian) out.writeUInt16BE(v & 0xffff, o);
      else if (bpp === 2) out.writeUInt16LE(v & 0xffff, o);
      else if (pf.bigEndian) out.writeUInt32BE(v, o);
      else out.writeUInt32LE(v, o);
      o += bpp;
    }
  }
  return out;
}
