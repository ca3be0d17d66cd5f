import { readTextLines, rfbDefaultPixels } from './text-reader.js';
import { vncAuthResponse } from './vnc-auth.js';

/** The byte stream under the client: e.g. a WebSocket's binary messages. */
export interface RfbTransport {
  send(data: Buffer): void;
  onData(listener: (data: Buffer) => void): void;
}

export interface ServerInit {
  width: number;
  height: number;
  name: string;
}

/**
 * A small RFB 3.8 client for tests (not a viewer): VNC authentication, the server's default
 * pixel format, Raw updates kept in a local framebuffer, and text read back from its pixels.
 */
export class RfbTestClient {
  private buf: Buffer = Buffer.alloc(0);
  private waiters: { n: number; resolve: (b: Buffer) => void }[] = [];
  width = 0;
  height = 0;
  /** B, G, R, X bytes per pixel (the server's default 32 bpp little-endian format). */
  pixels = new Uint8Array(0);

  constructor(private readonly io: RfbTransport) {
    io.onData((data) => {
      this.buf = Buffer.concat([this.buf, data]);
      this.drain();
    });
  }

  /** ProtocolVersion, VNC Authentication, ClientInit (shared); throws with the server's reason. */
  async handshake(password: string): Promise<ServerInit> {
    const version = (await this.read(12)).toString('latin1');
    if (version !== 'RFB 003.008\n')
      throw new Error(`unexpected server version ${JSON.stringify(version)}`);
    this.io.send(Buffer.from('RFB 003.008\n', 'latin1'));
    const count = (await this.read(1)).readUInt8(0);
    const types = [...(await this.read(count))];
    if (!types.includes(2)) throw new Error(`no VNC authentication offered: ${types.join(',')}`);
    this.io.send(Buffer.from([2]));
    const challenge = await this.read(16);
    this.io.send(vncAuthResponse(challenge, password));
    const result = (await this.read(4)).readUInt32BE(0);
    if (result !== 0) {
      const len = (await this.read(4)).readUInt32BE(0);
      throw new Error((await this.read(len)).toString('latin1'));
    }
    this.io.send(Buffer.from([1]));
    const init = await this.read(24);
    const nameLen = init.readUInt32BE(20);
    const name = (await this.read(nameLen)).toString('utf8');
    this.width = init.readUInt16BE(0);
    this.height = init.readUInt16BE(2);
    this.pixels = new Uint8Array(this.width * this.height * 4);
    // Offer what noVNC offers first; the simulator answers with Raw anyway.
    const enc = Buffer.alloc(4 + 4 * 3);
    enc.writeUInt8(2, 0);
    enc.writeUInt16BE(3, 2);
    enc.writeInt32BE(7, 4); // Tight
    enc.writeInt32BE(0, 8); // Raw
    enc.writeInt32BE(-223, 12); // DesktopSize
    this.io.send(enc);
    return { width: this.width, height: this.height, name };
  }

  /** Sends FramebufferUpdateRequest for the whole screen and applies the answer. */
  async update(incremental = false): Promise<{ x: number; y: number; w: number; h: number }[]> {
    const req = Buffer.alloc(10);
    req.writeUInt8(3, 0);
    req.writeUInt8(incremental ? 1 : 0, 1);
    req.writeUInt16BE(this.width, 6);
    req.writeUInt16BE(this.height, 8);
    this.io.send(req);
    const head = await this.read(4);
    if (head.readUInt8(0) !== 0) throw new Error(`unexpected server message ${head.readUInt8(0)}`);
    const rects: { x: number; y: number; w: number; h: number }[] = [];
    for (let i = 0; i < head.readUInt16BE(2); i++) {
      const rh = await this.read(12);
      const r = {
        x: rh.readUInt16BE(0),
        y: rh.readUInt16BE(2),
        w: rh.readUInt16BE(4),
        h: rh.readUInt16BE(6),
      };
      if (rh.readInt32BE(8) !== 0) throw new Error(`unexpected encoding ${rh.readInt32BE(8)}`);
      const data = await this.read(r.w * r.h * 4);
      for (let row = 0; row < r.h; row++)
        this.pixels.set(
          data.subarray(row * r.w * 4, (row + 1) * r.w * 4),
          ((r.y + row) * this.width + r.x) * 4,
        );
      rects.push(r);
    }
    return rects;
  }

  key(keysym: number, down: boolean): void {
    const b = Buffer.alloc(8);
    b.writeUInt8(4, 0);
    b.writeUInt8(down ? 1 : 0, 1);
    b.writeUInt32BE(keysym, 4);
    this.io.send(b);
  }

  /** Presses and releases each character (Latin-1 keysyms; '\n' is Return). */
  type(text: string): void {
    for (const ch of text) {
      const sym = ch === '\n' ? 0xff0d : ch.charCodeAt(0);
      this.key(sym, true);
      this.key(sym, false);
    }
  }

  pointer(x: number, y: number, buttons: number): void {
    const b = Buffer.alloc(6);
    b.writeUInt8(5, 0);
    b.writeUInt8(buttons, 1);
    b.writeUInt16BE(x, 2);
    b.writeUInt16BE(y, 4);
    this.io.send(b);
  }

  cutText(text: string): void {
    const t = Buffer.from(text, 'latin1');
    const b = Buffer.alloc(8);
    b.writeUInt8(6, 0);
    b.writeUInt32BE(t.length, 4);
    this.io.send(Buffer.concat([b, t]));
  }

  /** The text on the local framebuffer, read from its pixels. */
  screenText(): string[] {
    return readTextLines(rfbDefaultPixels(this.pixels, this.width), this.width, this.height);
  }

  private read(n: number): Promise<Buffer> {
    return new Promise((resolve) => {
      this.waiters.push({ n, resolve });
      this.drain();
    });
  }

  private drain(): void {
    while (this.waiters.length > 0) {
      const w = this.waiters[0];
      if (!w || this.buf.length < w.n) return;
      this.waiters.shift();
      const out = this.buf.subarray(0, w.n);
      this.buf = this.buf.subarray(w.n);
      w.resolve(Buffer.from(out));
    }
  }
}
