import type { WebSocket } from 'ws';
import type { VmState } from '../state/types.js';
import { GuestConsole, type GuestTiming } from './guest-console.js';

/** PVE::Tools::next_vnc_port: 5900-5999. */
export const VNC_PORT_MIN = 5900;
export const VNC_PORT_MAX = 5999;

/** A port a vncproxy task listens on (nc -l): it takes exactly one connection. */
export interface VncListener {
  port: number;
  vmid: number;
  connect(ws: WebSocket): void;
}

/** Every VM's display (one per VM object, so a re-created VMID starts fresh) and VNC ports. */
export class ConsoleManager {
  private readonly guests = new Map<VmState, GuestConsole>();
  readonly listeners = new Map<number, VncListener>();
  /** Open WebSockets, closed together on reset/close. */
  readonly sockets = new Set<WebSocket>();

  constructor(private readonly timing: GuestTiming) {}

  guest(vm: VmState): GuestConsole {
    let g = this.guests.get(vm);
    if (!g) {
      g = new GuestConsole(vm, this.timing);
      this.guests.set(vm, g);
    }
    return g;
  }

  /** The console if one was ever created (status reads must not create one). */
  existing(vm: VmState): GuestConsole | undefined {
    return this.guests.get(vm);
  }

  freePort(): number | undefined {
    for (let p = VNC_PORT_MIN; p <= VNC_PORT_MAX; p++) if (!this.listeners.has(p)) return p;
    return undefined;
  }

  /** Drops every connection and stops every boot timer (simulator reset or shutdown). */
  closeAll(): void {
    for (const g of this.guests.values()) g.dispose();
    this.guests.clear();
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
  }
}
