import { isAlreadyExists, isLockTimeout, PveHttpError, type PveClient } from '@labforge/pve-client';
import { BuilderError, pveText, stepError } from '../errors/builder-error.js';
import { Mutex } from '../util/concurrency.js';

const MAX_ATTEMPTS = 6;

/** A nextid answer asked before the lock, and what this allocator was doing then. */
export interface EarlyVmid {
  answer: Promise<number>;
  creates: number;
  quiet: boolean;
}

/**
 * VMIDs: PVE's /cluster/nextid reserves nothing, so two builds asking at once get the same
 * number. One lock per cluster covers "ask nextid, POST create" (the VM exists with
 * `lock: create` once the POST answers, so the next caller gets the next number); a create
 * that still meets `already exists` (another tool raced us) retries with a fresh number, and a
 * lock timeout (`got timeout`: nothing was created) sends the create again after a pause.
 *
 * `askEarly()` saves that round trip for a single build: nextid is read while the build still
 * plans, and the answer is used under the lock only if no create of this allocator was under
 * way when it was asked, nor started since; otherwise nextid is asked again under the lock.
 */
export class VmidAllocator {
  private readonly lock = new Mutex();
  /** Creates started under the lock so far, and whether one is under way. */
  private creates = 0;
  private creating = false;
  /**
   * VMIDs handed to clones whose qmclone task has not written the new config yet: PVE's clone
   * POST answers before the VM exists, so nextid would hand the same number out again.
   */
  private readonly reserved = new Set<number>();

  constructor(private readonly client: PveClient) {}

  /** nextid, asked now for a create that follows soon (see the class comment). */
  askEarly(): EarlyVmid {
    const answer = this.client.cluster.nextId();
    answer.catch(() => undefined); // unused or asked again; never an unhandled rejection
    return { answer, creates: this.creates, quiet: !this.creating };
  }

  async createWith<T>(
    requested: number | undefined,
    create: (vmid: number) => Promise<T>,
    onRetry?: (vmid: number, text: string, why: 'locked' | 'taken') => void,
    early?: EarlyVmid,
  ): Promise<{ vmid: number; result: T }> {
    for (let attempt = 1; ; attempt++) {
      let vmid = 0;
      try {
        return await this.lock.run(async () => {
          const usable = attempt === 1 && early?.quiet === true && early.creates === this.creates;
          const earlyVmid = usable ? await early.answer.catch(() => undefined) : undefined;
          // An early answer a clone reserved meanwhile is asked again (reserve counts as a create).
          vmid =
            requested ??
            (earlyVmid !== undefined && !this.reserved.has(earlyVmid)
              ? earlyVmid
              : await this.next());
          if (requested !== undefined) await this.checkFree(requested);
          this.creates++;
          this.creating = true;
          try {
            return { vmid, result: await create(vmid) };
          } finally {
            this.creating = false;
          }
        });
      } catch (err) {
        const text = pveText(err);
        if (isLockTimeout(err) && attempt < MAX_ATTEMPTS) {
          onRetry?.(vmid, text, 'locked');
          await new Promise((r) =>
            setTimeout(r, Math.min(4000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2)),
          );
          continue;
        }
        if (!isAlreadyExists(err)) throw err;
        if (requested !== undefined) {
          throw new BuilderError(409, `VM ${requested} already exists`, {
            step: 'allocate-vmid',
            cause: err,
          });
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw stepError('allocate-vmid', `No free VMID after ${attempt} attempts`, err);
        }
        onRetry?.(vmid, text, 'taken');
      }
    }
  }

  /**
   * A free VMID nobody else in this process gets until `release` (clones: held from before the
   * POST until the qmclone task ended, when the VM exists or is gone).
   */
  async reserve(): Promise<number> {
    return this.lock.run(async () => {
      const vmid = await this.next();
      this.reserved.add(vmid);
      // An early nextid answer asked before this reservation may be this very number.
      this.creates++;
      return vmid;
    });
  }

  release(vmid: number): void {
    this.reserved.delete(vmid);
  }

  /** PVE's next free VMID, stepping over the ones reserved for clones still starting. */
  private async next(): Promise<number> {
    let vmid: number;
    try {
      vmid = await this.client.cluster.nextId();
    } catch (err) {
      throw stepError('allocate-vmid', 'Asking Proxmox for the next free VMID failed', err);
    }
    if (!this.reserved.has(vmid)) return vmid;
    do vmid++;
    while (this.reserved.has(vmid) || !(await this.isFree(vmid)));
    return vmid;
  }

  private async isFree(vmid: number): Promise<boolean> {
    if (this.reserved.has(vmid)) return false;
    try {
      await this.client.cluster.nextId(vmid);
      return true;
    } catch (err) {
      if (err instanceof PveHttpError && err.status === 400) return false;
      throw stepError('allocate-vmid', `Checking VMID ${vmid} failed`, err);
    }
  }

  private async checkFree(vmid: number): Promise<void> {
    try {
      await this.client.cluster.nextId(vmid);
    } catch (err) {
      // PVE answers 400 "VM {vmid} already exists" when the id is taken.
      if (err instanceof PveHttpError && err.status === 400) {
        throw new BuilderError(409, `VM ${vmid} already exists`, {
          step: 'allocate-vmid',
          cause: err,
        });
      }
      throw stepError('allocate-vmid', `Checking VMID ${vmid} failed`, err);
    }
  }
}
