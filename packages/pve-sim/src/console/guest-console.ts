import type { VmState } from '../state/types.js';
import { type BootEntry, type BootPlan, bootPlan, installerTitle } from './boot-media.js';
import { Framebuffer, type Rect } from './framebuffer.js';
import type { KeyPress } from './keys.js';
import { screenLines } from './screens.js';

export type ScreenState =
  'off' | 'firmware' | 'boot-prompt' | 'installer' | 'uefi-shell' | 'no-boot' | 'os';

export interface KeyRecord {
  time: number;
  source: 'sendkey' | 'rfb';
  /** sendkey: the QEMU key spec as sent; rfb: the key's name ('a', 'ret', 'shift', ...). */
  key: string;
  keysym?: number;
  down?: boolean;
}

export interface PointerRecord {
  time: number;
  x: number;
  y: number;
  buttons: number;
}

/** An open console connection (an RFB session) that the guest can update and close. */
export interface ConsoleViewer {
  changed(rect: Rect): void;
  close(): void;
}

export interface GuestTiming {
  /** Real milliseconds for a simulated duration of the boot sequence. */
  delay(simMs: number): number;
  now(): number;
}

const FIRMWARE_MS = 500;
const PROMPT_MS = 5000;
const MAX_RECORDS = 1000;

/** What one VM's display shows and how the guest reacts to keys, power and ACPI. */
export class GuestConsole {
  state: ScreenState = 'off';
  /** The OS on the disk is installed (set through the control plane; installs never finish). */
  installed = false;
  /** Control-plane override: the guest ignores the ACPI power button in every state. */
  ignoreAcpi = false;
  installer: { title: string; os: 'windows' | 'linux' } | undefined;
  /** Lines entered (Enter) on the current screen, and the line being typed. */
  entered: string[] = [];
  typing = '';
  readonly keys: KeyRecord[] = [];
  readonly pointer: PointerRecord[] = [];
  readonly clipboard: string[] = [];
  readonly viewers = new Set<ConsoleViewer>();
  /** QEMU's VNC password (set_password) and its expiry (expire_password), unix seconds. */
  vncPassword: { password: string; expires: number } | undefined;
  readonly fb = new Framebuffer();
  private plan: BootPlan | undefined;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly vm: VmState,
    private readonly timing: GuestTiming,
  ) {
    // A VM that was already running when the simulator first looked at it booted long ago.
    if (vm.running) {
      this.installed = true;
      this.state = 'os';
    }
    this.redraw();
  }

  lines(): string[] {
    return screenLines(this).map((l) => l.text);
  }

  /** QEMU started: the firmware runs the boot sequence. */
  powerOn(): void {
    this.plan = bootPlan(this.vm.config);
    this.vncPassword = undefined;
    this.boot();
  }

  /** QEMU exited: its VNC server goes away with it. */
  powerOff(): void {
    this.cancelTimer();
    this.state = 'off';
    this.vncPassword = undefined;
    for (const v of [...this.viewers]) v.close();
    this.viewers.clear();
    this.resetInput();
    this.redraw();
  }

  /** system_reset: same QEMU process (connections stay), firmware starts over. */
  reset(): void {
    this.plan = bootPlan(this.vm.config);
    this.boot();
  }

  /** Whether the guest reacts to the ACPI power button right now. */
  honoursAcpi(): boolean {
    if (this.ignoreAcpi || String(this.vm.config.acpi ?? '1') === '0') return false;
    return this.state === 'installer' || this.state === 'os';
  }

  recordKey(rec: Omit<KeyRecord, 'time'>): void {
    push(this.keys, { time: this.timing.now(), ...rec });
  }

  recordPointer(x: number, y: number, buttons: number): void {
    push(this.pointer, { time: this.timing.now(), x, y, buttons });
  }

  recordClipboard(text: string): void {
    push(this.clipboard, text);
  }

  /** A key press reaching the guest (sendkey or RFB key down). */
  press(key: KeyPress): void {
    if (this.state === 'off' || this.state === 'firmware') return;
    if (key.name === 'ctrl-alt-delete') {
      // Firmware and the UEFI shell reboot on Ctrl+Alt+Del; installers and OSes ignore it here.
      if (this.state === 'boot-prompt' || this.state === 'uefi-shell' || this.state === 'no-boot')
        this.reset();
      return;
    }
    if (this.state === 'boot-prompt') {
      if (key.char === undefined && !['ret', 'esc', 'tab', 'backspace'].includes(key.name)) return;
      this.cancelTimer();
      this.startInstaller();
      return;
    }
    if (this.state === 'no-boot') return;
    if (key.name === 'ret') {
      this.entered.push(this.typing);
      this.typing = '';
    } else if (key.name === 'backspace') this.typing = this.typing.slice(0, -1);
    else if (key.char !== undefined) this.typing += key.char;
    else return;
    this.redraw();
  }

  addViewer(v: ConsoleViewer): void {
    this.viewers.add(v);
  }

  removeViewer(v: ConsoleViewer): void {
    this.viewers.delete(v);
  }

  dispose(): void {
    this.powerOff();
  }

  private boot(): void {
    this.cancelTimer();
    this.resetInput();
    this.installer = undefined;
    this.state = 'firmware';
    this.redraw();
    this.after(FIRMWARE_MS, () => this.tryEntries(this.plan?.entries ?? []));
  }

  private tryEntries(entries: BootEntry[]): void {
    const [first, ...rest] = entries;
    if (!first) {
      this.state = this.plan?.firmware === 'ovmf' ? 'uefi-shell' : 'no-boot';
      this.redraw();
      return;
    }
    if (first.kind === 'disk') {
      // A guest OS with its agent (seeded, set through /_sim, or inherited by a clone from its
      // template) is an installed OS: the disk boots it, and it answers the ACPI power button.
      if (this.installed || this.vm.guest?.installed === true) {
        this.state = 'os';
        this.redraw();
      } else this.tryEntries(rest);
      return;
    }
    this.installer = { title: installerTitle(first.iso, first.os), os: first.os };
    if (first.os === 'linux') return this.startInstaller();
    // Windows media wait for a key, then fall through to the next boot entry.
    this.state = 'boot-prompt';
    this.redraw();
    this.after(PROMPT_MS, () => this.tryEntries(rest));
  }

  private startInstaller(): void {
    this.state = 'installer';
    this.resetInput();
    this.redraw();
  }

  private resetInput(): void {
    this.entered = [];
    this.typing = '';
  }

  private after(simMs: number, fn: () => void): void {
    const gen = ++this.generation;
    this.timer = setTimeout(() => {
      if (gen === this.generation) fn();
    }, this.timing.delay(simMs));
  }

  private cancelTimer(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private redraw(): void {
    const lines = screenLines(this);
    const { bg, fg } = colours(this.state, this.installer?.os);
    const rect = this.fb.render(lines, bg, fg);
    if (rect) for (const v of this.viewers) v.changed(rect);
  }
}

function colours(state: ScreenState, os: string | undefined): { bg: number; fg: number } {
  if (state === 'installer' && os === 'windows') return { bg: 0x1f2a6b, fg: 0xffffff };
  if (state === 'installer') return { bg: 0x2c001e, fg: 0xf0f0f0 };
  return { bg: 0x000000, fg: 0xc0c0c0 };
}

function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MAX_RECORDS) list.splice(0, list.length - MAX_RECORDS);
}
