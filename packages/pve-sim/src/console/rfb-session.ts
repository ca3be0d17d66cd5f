import { randomBytes } from 'node:crypto';
import type { Rect } from './framebuffer.js';
import type { ConsoleViewer, GuestConsole } from './guest-console.js';
import { isModifierName, keysymPress } from './keys.js';
import {
  DEFAULT_FORMAT,
  type PixelFormat,
  encodeRaw,
  readPixelFormat,
  supported,
  writePixelFormat,
} from './pixel-format.js';
import { checkVncAuth } from './vnc-auth.js';

export interface ByteTransport {
  send(data: Buffer): void;
  /** Drops the connection (QEMU's VNC server closing the socket). */
  close(): void;
}

type Phase = 'version' | 'security' | 'auth' | 'init' | 'normal' | 'closed';

const AUTH_FAILED = 'Authentication failed';

/**
 * One client of QEMU's VNC server speaking RFB 3.8 (3.3 and 3.7 too): VNC Authentication
 * against the password `vncproxy` set, ServerInit, SetPixelFormat, SetEncodings (only Raw is
 * ever sent), FramebufferUpdateRequest, KeyEvent, PointerEvent, ClientCutText.
 */
export class RfbSession implements ConsoleViewer {
  private buf: Buffer = Buffer.alloc(0);
  private phase: Phase = 'version';
  private minor = 8;
  private challenge = randomBytes(16);
  private format: PixelFormat = DEFAULT_FORMAT;
  private dirty: Rect | undefined;
  private pending: Rect | undefined;
  private readonly held = new Set<string>();

  constructor(
    private readonly guest: GuestConsole,
    private readonly io: ByteTransport,
    private readonly now: () => number,
  ) {
    io.send(Buffer.from('RFB 003.008\n', 'latin1'));
  }

  /** Bytes from the client (RFB is a stream: messages may span or share frames). */
  receive(data: Buffer): void {
    if (this.phase === 'closed') return;
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    for (;;) {
      const used = this.step();
      if (used === 0 || this.isClosed()) return;
      this.buf = this.buf.subarray(used);
    }
  }

  private isClosed(): boolean {
    return this.phase === 'closed';
  }

  changed(rect: Rect): void {
    this.dirty = this.dirty ? union(this.dirty, rect) : rect;
    if (this.pending) {
      const req = this.pending;
      this.pending = undefined;
      this.update(req, true);
    }
  }

  close(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.guest.removeViewer(this);
    this.io.close();
  }

  /** Handles one complete message; returns the bytes it used (0 = wait for more). */
  private step(): number {
    const b = this.buf;
    switch (this.phase) {
      case 'version': {
        if (b.length < 12) return 0;
        const m = /^RFB 003\.(\d{3})\n$/.exec(b.subarray(0, 12).toString('latin1'));
        const minor = m ? Number(m[1]) : -1;
        if (minor < 3) return this.fail();
        this.minor = minor >= 8 ? 8 : minor >= 7 ? 7 : 3;
        if (this.minor === 3) {
          // 3.3: the server picks the type.
          this.io.send(u32(2));
          this.io.send(this.challenge);
          this.phase = 'auth';
        } else {
          this.io.send(Buffer.from([1, 2]));
          this.phase = 'security';
        }
        return 12;
      }
      case 'security': {
        if (b.length < 1) return 0;
        if (b[0] !== 2) return this.reject();
        this.io.send(this.challenge);
        this.phase = 'auth';
        return 1;
      }
      case 'auth': {
        if (b.length < 16) return 0;
        const pw = this.guest.vncPassword;
        if (
          !pw ||
          pw.expires < this.now() ||
          !checkVncAuth(this.challenge, b.subarray(0, 16), pw.password)
        )
          return this.reject();
        this.io.send(u32(0));
        this.phase = 'init';
        return 16;
      }
      case 'init': {
        if (b.length < 1) return 0;
        this.serverInit();
        this.phase = 'normal';
        return 1;
      }
      case 'normal':
        return this.message(b);
      case 'closed':
        return 0;
    }
  }

  private message(b: Buffer): number {
    if (b.length === 0) return 0;
    const type = b[0];
    switch (type) {
      case 0: {
        if (b.length < 20) return 0;
        const pf = readPixelFormat(b, 4);
        if (!supported(pf)) return this.fail();
        this.format = pf;
        return 20;
      }
      case 2: {
        if (b.length < 4) return 0;
        const n = b.readUInt16BE(2);
        return b.length < 4 + 4 * n ? 0 : 4 + 4 * n; // only Raw is ever sent, whatever is offered
      }
      case 3: {
        if (b.length < 10) return 0;
        const req = {
          x: b.readUInt16BE(2),
          y: b.readUInt16BE(4),
          w: b.readUInt16BE(6),
          h: b.readUInt16BE(8),
        };
        this.update(req, b[1] !== 0);
        return 10;
      }
      case 4: {
        if (b.length < 8) return 0;
        this.key(b[1] !== 0, b.readUInt32BE(4));
        return 8;
      }
      case 5: {
        if (b.length < 6) return 0;
        this.guest.recordPointer(b.readUInt16BE(2), b.readUInt16BE(4), b[1] ?? 0);
        return 6;
      }
      case 6: {
        if (b.length < 8) return 0;
        const len = Math.abs(b.readInt32BE(4));
        if (b.length < 8 + len) return 0;
        this.guest.recordClipboard(b.subarray(8, 8 + len).toString('latin1'));
        return 8 + len;
      }
      default:
        // QEMU drops clients that send unknown messages.
        return this.fail();
    }
  }

  private key(down: boolean, keysym: number): void {
    const press = keysymPress(keysym);
    this.guest.recordKey({ source: 'rfb', key: press.name, keysym, down });
    if (isModifierName(press.name)) {
      const base = press.name.replace(/_r$/, '');
      if (down) this.held.add(base);
      else this.held.delete(base);
      return;
    }
    if (!down) return;
    if (press.name === 'delete' && this.held.has('ctrl') && this.held.has('alt'))
      return this.guest.press({ name: 'ctrl-alt-delete' });
    if (this.held.has('ctrl') || this.held.has('alt')) return;
    this.guest.press(press);
  }

  private serverInit(): void {
    const { fb } = this.guest;
    const name = Buffer.from(
      `QEMU (${String(this.guest.vm.config.name ?? this.guest.vm.vmid)})`,
      'utf8',
    );
    const head = Buffer.alloc(4);
    head.writeUInt16BE(fb.width, 0);
    head.writeUInt16BE(fb.height, 2);
    this.io.send(Buffer.concat([head, writePixelFormat(DEFAULT_FORMAT), u32(name.length), name]));
    this.guest.addViewer(this);
  }

  private update(req: Rect, incremental: boolean): void {
    const { fb } = this.guest;
    const bounded = clip(req, { x: 0, y: 0, w: fb.width, h: fb.height });
    let rect: Rect | undefined = bounded;
    if (incremental) {
      rect = this.dirty && bounded ? clip(this.dirty, bounded) : undefined;
      if (!rect) {
        this.pending = req;
        return;
      }
    }
    this.dirty = undefined;
    const header = Buffer.alloc(4);
    header.writeUInt8(0, 0);
    header.writeUInt16BE(rect ? 1 : 0, 2);
    if (!rect) return this.io.send(header);
    const rh = Buffer.alloc(12);
    rh.writeUInt16BE(rect.x, 0);
    rh.writeUInt16BE(rect.y, 2);
    rh.writeUInt16BE(rect.w, 4);
    rh.writeUInt16BE(rect.h, 6);
    rh.writeInt32BE(0, 8);
    this.io.send(Buffer.concat([header, rh, encodeRaw(fb.pixels, fb.width, rect, this.format)]));
  }

  private reject(): number {
    this.io.send(u32(1));
    if (this.minor >= 8)
      this.io.send(Buffer.concat([u32(AUTH_FAILED.length), Buffer.from(AUTH_FAILED)]));
    return this.fail();
  }

  private fail(): number {
    this.close();
    return 0;
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

function clip(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const w = Math.min(a.x + a.w, b.x + b.w) - x;
  const h = Math.min(a.y + a.h, b.y + b.h) - y;
  return w > 0 && h > 0 ? { x, y, w, h } : undefined;
}
