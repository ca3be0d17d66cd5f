import { Mutex } from './concurrency.js';
import { BuilderError, pveStatus, pveText, stepError } from './errors.js';
import type { PveApi } from './pve-port.js';

const ALREADY_EXISTS = /already exists/i;
/** PVE's config/storage lock timeouts: nothing was created, so the create may be sent again. */
const LOCK_TIMEOUT = /can't lock file .* got timeout|got timeout/i;
const MAX_ATTEMPTS = 6;

/**
 * VMIDs: PVE's /cluster/nextid reserves nothing, so two builds asking at once get the same
 * number. One lock per cluster covers "ask nextid, POST create" (the VM exists with
 * `lock: create` once the POST answers, so the next caller gets the next number); a create
 * that still meets `already exists` (another tool raced us) retries with a fresh number.
 */
export class VmidAllocator {
  private readonly lock = new Mutex();

  constructor(private readonly client: PveApi) {}

  async createWith<T>(
    requested: number | undefined,
    create: (vmid: number) => Promise<T>,
    onRetry?: (vmid: number, text: string) => void,
  ): Promise<{ vmid: number; result: T }> {
    for (let attempt = 1; ; attempt++) {
      let vmid = 0;
      try {
        return await this.lock.run(async () => {
          vmid = requested ?? (await this.next());
          if (requested !== undefined) await this.checkFree(requested);
          return { vmid, result: await create(vmid) };
        });
      } catch (err) {
        const text = pveText(err);
        const locked = !(err instanceof BuilderError) && LOCK_TIMEOUT.test(text);
        if (locked && attempt < MAX_ATTEMPTS) {
          onRetry?.(vmid, text);
          await new Promise((r) =>
            setTimeout(r, Math.min(4000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2)),
          );
          continue;
        }
        if (err instanceof BuilderError || !ALREADY_EXISTS.test(text)) throw err;
        if (requested !== undefined) {
          throw new BuilderError(409, `VM ${requested} already exists`, {
            step: 'allocate-vmid',
            cause: err,
          });
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw stepError('allocate-vmid', `No free VMID after ${attempt} attempts`, err);
        }
        onRetry?.(vmid, text);
      }
    }
  }

  private async next(): Promise<number> {
    try {
      const id = await this.client.request<string | number>('GET', '/cluster/nextid');
      return Number(id);
    } catch (err) {
      throw stepError('allocate-vmid', 'Asking Proxmox for the next free VMID failed', err);
    }
  }

  private async checkFree(vmid: number): Promise<void> {
    try {
      await this.client.request('GET', '/cluster/nextid', { vmid });
    } catch (err) {
      if (pveStatus(err) === 400) {
        throw new BuilderError(409, `VM ${vmid} already exists`, {
          step: 'allocate-vmid',
          cause: err,
        });
      }
      throw stepError('allocate-vmid', `Checking VMID ${vmid} failed`, err);
    }
  }
}
