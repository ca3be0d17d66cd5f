import {
  isExistingFileRefusal,
  isPermissionError,
  type ClusterResource,
  type PveClient,
} from '@labforge/pve-client';
import { pveText } from '../errors/builder-error.js';
import type { IsoInventory } from '../inventory/iso-inventory.js';
import type { ClusterRuntime, Logger } from '../types.js';
import { progressFromLog } from './choose.js';

/** Storage types whose ISOs are plain files PVE (and SSH) can write into. */
const FILE_TYPES = new Set(['dir', 'nfs', 'cifs', 'cephfs', 'glusterfs', 'btrfs']);

export type FetchResult =
  { ok: true; volid: string; via: 'api' | 'ssh' } | { ok: false; warning: string };

export interface ProgressSink {
  progress(fraction: number, detail?: string): void;
  log(line: string): void;
}

interface Flight {
  volid: string;
  /** Resolves once the download runs (true) or could not start at all (false + warning). */
  started: Promise<{ ok: true; upid?: string } | { ok: false; warning: string }>;
  done: Promise<FetchResult>;
  sinks: Set<ProgressSink>;
}

export interface FetchStart {
  volid: string;
  upid?: string;
  done: Promise<FetchResult>;
}

/**
 * Brings a virtio-win ISO to a storage the node can read: `download-url` through the node
 * (shared storage preferred), else, when PVE refuses it (403: the token lacks
 * Sys.AccessNetwork/Datastore.AllocateTemplate) and SSH is configured, wget/curl over SSH with
 * a sha256sum check. One download per target storage however many builds want it.
 */
export class VirtioFetcher {
  private readonly flights = new Map<string, Flight>();

  constructor(
    private readonly cluster: ClusterRuntime,
    private readonly client: PveClient,
    private readonly inventory: IsoInventory,
    private readonly logger?: Logger,
  ) {}

  filename(): string {
    const fromUrl = this.cluster.virtio.url.split(/[?#]/)[0]?.split('/').pop() ?? '';
    const name = (this.cluster.virtio.filename ?? fromUrl).replace(/[^a-zA-Z0-9_.-]/g, '_');
    return /^virtio-win[^/]*\.iso$/i.test(name) ? name : 'virtio-win.iso';
  }

  /** Where a download for `node` would go, shared storage first. */
  targets(node: string, storages: ClusterResource[]): ClusterResource[] {
    return storages
      .filter(
        (s) =>
          s.node === node &&
          (s.content ?? '').split(',').includes('iso') &&
          FILE_TYPES.has(s.plugintype ?? '') &&
          s.status !== 'unknown',
      )
      .sort(
        (a, b) =>
          (b.shared ?? 0) - (a.shared ?? 0) ||
          (b.maxdisk ?? 0) - (b.disk ?? 0) - ((a.maxdisk ?? 0) - (a.disk ?? 0)),
      );
  }

  /** Starts (or joins) a fetch; resolves when it runs or has definitely failed to start. */
  async start(
    node: string,
    storages: ClusterResource[],
    sink: ProgressSink,
  ): Promise<FetchStart | { warning: string }> {
    const targets = this.targets(node, storages);
    const target = targets[0];
    if (!target?.storage) {
      return {
        warning: `no storage on node ${node} can hold ISO files, so the VirtIO driver ISO could not be fetched`,
      };
    }
    const key = target.shared === 1 ? `shared/${target.storage}` : `${node}/${target.storage}`;
    let flight = this.flights.get(key);
    if (!flight) {
      flight = this.launch(node, target, targets);
      this.flights.set(key, flight);
      const f = flight;
      void f.done.finally(() => this.flights.delete(key));
    }
    flight.sinks.add(sink);
    void flight.done.finally(() => flight.sinks.delete(sink));
    const started = await flight.started;
    if (!started.ok) return { warning: started.warning };
    return {
      volid: flight.volid,
      done: flight.done,
      ...(started.upid ? { upid: started.upid } : {}),
    };
  }

  private launch(node: string, target: ClusterResource, all: ClusterResource[]): Flight {
    const filename = this.filename();
    const storage = target.storage as string;
    const sinks = new Set<ProgressSink>();
    let markStarted!: (v: Awaited<Flight['started']>) => void;
    const started = new Promise<Awaited<Flight['started']>>((r) => (markStarted = r));
    const flight: Flight = {
      volid: `${storage}:iso/${filename}`,
      started,
      done: Promise.resolve({ ok: false, warning: '' }),
      sinks,
    };
    flight.done = (async (): Promise<FetchResult> => {
      let upid: string;
      try {
        upid = await this.client.storage.downloadUrl(node, storage, {
          url: this.cluster.virtio.url,
          content: 'iso',
          filename,
          ...(this.cluster.virtio.sha256
            ? { checksum: this.cluster.virtio.sha256, 'checksum-algorithm': 'sha256' }
            : {}),
        });
      } catch (err) {
        const refused = isPermissionError(err);
        const ssh = refused ? this.sshTarget(node, all) : undefined;
        if (ssh && this.cluster.ssh) {
          flight.volid = `${ssh.storage}:iso/${filename}`;
          markStarted({ ok: true });
          for (const s of sinks)
            s.log(`download-url refused (${pveText(err)}); fetching over SSH instead`);
          return this.viaSsh(node, ssh, filename, sinks, pveText(err));
        }
        const warning = refused
          ? `VirtIO driver ISO download refused by Proxmox (${pveText(err)}) and no SSH access is configured: VM created without it. Upload ${filename} to an ISO storage of ${node}.`
          : `VirtIO driver ISO download failed (${pveText(err)}): VM created without it. Upload ${filename} to an ISO storage of ${node}.`;
        markStarted({ ok: false, warning });
        return { ok: false, warning };
      }
      markStarted({ ok: true, upid });
      return this.track(upid, flight.volid, sinks);
    })();
    return flight;
  }

  private async track(upid: string, volid: string, sinks: Set<ProgressSink>): Promise<FetchResult> {
    try {
      await this.client.tasks.wait(upid, {
        onLog: (lines) => {
          for (const l of lines) {
            for (const s of sinks) s.log(l.t);
            const f = progressFromLog(l.t);
            if (f !== undefined) for (const s of sinks) s.progress(f, l.t.trim());
          }
        },
      });
    } catch (err) {
      // Someone else's download of the same name finished first: the file is there.
      if (!isExistingFileRefusal(err)) {
        return {
          ok: false,
          warning: `VirtIO driver ISO download failed: ${pveText(err)}. VM created without it.`,
        };
      }
    }
    this.inventory.invalidate();
    return { ok: true, volid, via: 'api' };
  }

  /** ISO directory of a storage as PVE lays it out; only where it is certain. */
  private sshTarget(
    node: string,
    all: ClusterResource[],
  ): { storage: string; dir: string } | undefined {
    for (const s of all) {
      if (s.node !== node || !s.storage) continue;
      if (s.plugintype === 'dir' && s.storage === 'local')
        return { storage: s.storage, dir: '/var/lib/vz/template/iso' };
      if (['nfs', 'cifs', 'cephfs'].includes(s.plugintype ?? '')) {
        return { storage: s.storage, dir: `/mnt/pve/${s.storage}/template/iso` };
      }
    }
    return undefined;
  }

  private async viaSsh(
    node: string,
    target: { storage: string; dir: string },
    filename: string,
    sinks: Set<ProgressSink>,
    refusal: string,
  ): Promise<FetchResult> {
    let exec: ReturnType<NonNullable<ClusterRuntime['ssh']>> | undefined;
    try {
      // The executor belongs to whoever made it (the API caches one per node and closes it).
      exec = this.cluster.ssh?.(node);
    } catch (err) {
      return {
        ok: false,
        warning: `VirtIO driver ISO could not be fetched: download-url refused (${refusal}), SSH not usable (${pveText(err)}). VM created without it.`,
      };
    }
    const path = `${target.dir}/${filename}`;
    const url = this.cluster.virtio.url;
    const fail = (why: string): FetchResult => ({
      ok: false,
      warning: `VirtIO driver ISO could not be fetched: download-url refused (${refusal}), SSH fallback failed (${why}). VM created without it.`,
    });
    if (!exec) return fail('no SSH executor');
    const timeoutMs = 4 * 3600_000;
    // Fetched under a name PVE does not list (no .iso), checked, then moved into place, so a
    // half-downloaded or wrong file never shows up as an ISO.
    const part = `${path}.labforge-part`;
    try {
      const present = await exec.run(['test', '-e', path]);
      if (present.code !== 0) {
        let r = await exec.run(['wget', '-nv', '-O', part, url], { timeoutMs });
        if (r.code === 127) r = await exec.run(['curl', '-fsSL', '-o', part, url], { timeoutMs });
        if (r.code !== 0) {
          await exec.run(['rm', '-f', part]).catch(() => undefined);
          return fail(lastLine(r.stderr) || `exit code ${r.code}`);
        }
        for (const s of sinks) s.progress(1, `fetched ${filename} over SSH`);
        const want = this.cluster.virtio.sha256?.toLowerCase();
        if (want) {
          const sum = await exec.run(['sha256sum', part]);
          const got = sum.stdout.trim().split(/\s+/)[0]?.toLowerCase();
          if (sum.code !== 0 || got !== want) {
            await exec.run(['rm', '-f', part]).catch(() => undefined);
            return fail(`checksum mismatch: got '${got ?? ''}' != expected '${want}'`);
          }
          for (const s of sinks) s.log(`sha256 verified: ${want}`);
        }
        const mv = await exec.run(['mv', '-f', part, path]);
        if (mv.code !== 0) return fail(lastLine(mv.stderr) || `mv exit code ${mv.code}`);
      } else {
        for (const s of sinks) s.log(`${path} already exists on ${node}`);
      }
    } catch (err) {
      this.logger?.warn({ err: pveText(err), node }, 'virtio SSH fetch failed');
      return fail(pveText(err));
    }
    this.inventory.invalidate();
    return { ok: true, volid: `${target.storage}:iso/${filename}`, via: 'ssh' };
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() ?? '';
}
