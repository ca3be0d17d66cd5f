import type { RawData, WebSocket } from 'ws';

/** Above this many buffered bytes on one side, the other side stops being read. */
const HIGH_WATER = 1 << 20;
const CLOSE_GRACE_MS = 2_000;

export interface BridgeStats {
  toBrowser: number;
  toProxmox: number;
}

/**
 * Pipes RFB bytes both ways between the browser's WebSocket and Proxmox's vncwebsocket, with
 * back-pressure (a side whose peer has more than HIGH_WATER queued is paused until the peer's
 * queue drains), and closes both together: whichever ends first, the other follows.
 * `proxmox` must be paused (as pve-client returns it); `early` holds browser messages that
 * arrived while Proxmox's side was being opened.
 */
export function bridgeSockets(
  browser: WebSocket,
  proxmox: WebSocket,
  early: RawData[],
  onClosed: (why: string, stats: BridgeStats) => void,
): { close(code: number, reason: string): void } {
  const stats: BridgeStats = { toBrowser: 0, toProxmox: 0 };
  let closed = false;

  const forward =
    (from: WebSocket, to: WebSocket, count: (n: number) => void) => (data: RawData) => {
      if (to.readyState !== to.OPEN) return;
      // ws hands Buffers (nodebuffer); forwarded as they are, without a copy.
      const buf = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      count(buf.length);
      to.send(buf, { binary: true, compress: false }, () => {
        if (from.isPaused && to.bufferedAmount < HIGH_WATER / 2) from.resume();
      });
      if (to.bufferedAmount > HIGH_WATER) from.pause();
    };
  const toProxmox = forward(browser, proxmox, (n) => (stats.toProxmox += n));
  const toBrowser = forward(proxmox, browser, (n) => (stats.toBrowser += n));

  const finish = (why: string, code: number, reason: string) => {
    if (closed) return;
    closed = true;
    for (const ws of [browser, proxmox]) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) {
        ws.close(code, reason);
        setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
      }
    }
    onClosed(why, stats);
  };

  browser.on('message', toProxmox);
  proxmox.on('message', toBrowser);
  browser.on('close', () => finish('browser closed', 1000, 'console closed'));
  proxmox.on('close', () => finish('proxmox closed', 1000, 'the VM console ended'));
  browser.on('error', () => finish('browser error', 1011, 'connection error'));
  proxmox.on('error', () => finish('proxmox error', 1011, 'the VM console failed'));
  for (const m of early) toProxmox(m);
  proxmox.resume();
  if (proxmox.readyState !== proxmox.OPEN) finish('proxmox closed', 1011, 'the VM console ended');
  return { close: (code, reason) => finish('closed by LabForge', code, reason) };
}
