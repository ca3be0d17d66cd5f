import type { StepName } from '@labforge/contracts';
import { BuilderError, cancelledError, isAbort } from '../errors/builder-error.js';
import type { BuildCheckpoint, BuildContext, BuildEvent } from '../types.js';

/**
 * Emits the step events around each piece of work and turns aborts into cancellations. Step
 * names come from the contracts' step table only; a bulk item's runner tags every event with
 * the item (the VM's name) instead of changing the step's name.
 */
export class StepRunner {
  readonly warnings: string[] = [];
  current: StepName | 'start' = 'start';

  constructor(
    readonly ctx: BuildContext,
    private readonly item?: string,
  ) {}

  emit(e: BuildEvent): void {
    try {
      this.ctx.emit(e);
    } catch {
      // A broken listener must not break the build.
    }
  }

  private tag(): { item?: string } {
    return this.item === undefined ? {} : { item: this.item };
  }

  checkCancelled(): void {
    if (this.ctx.signal.aborted) throw cancelledError(this.current);
  }

  async step<T>(
    step: StepName,
    fn: () => Promise<T>,
    done?: (r: T) => string | undefined,
  ): Promise<T> {
    this.checkCancelled();
    this.current = step;
    this.running(step);
    try {
      const r = await fn();
      this.finished(step, 'done', done?.(r));
      return r;
    } catch (err) {
      const e = isAbort(err) || this.ctx.signal.aborted ? cancelledError(step) : err;
      this.finished(step, 'failed', e instanceof Error ? e.message : String(e));
      if (e instanceof BuilderError && e.step === undefined) {
        throw new BuilderError(e.status, e.message, {
          step,
          ...(e.details ? { details: e.details } : {}),
          cause: e,
        });
      }
      throw e;
    }
  }

  running(step: StepName, detail?: string, upid?: string): void {
    this.emit({
      type: 'step',
      step,
      ...this.tag(),
      status: 'running',
      ...(detail ? { detail } : {}),
      ...(upid ? { upid } : {}),
    });
  }

  finished(step: StepName, status: 'done' | 'failed', detail?: string): void {
    this.emit({ type: 'step', step, ...this.tag(), status, ...(detail ? { detail } : {}) });
  }

  skip(step: StepName, detail: string): void {
    this.emit({ type: 'step', step, ...this.tag(), status: 'skipped', detail });
  }

  log(step: StepName, line: string): void {
    this.emit({ type: 'log', step, ...this.tag(), line });
  }

  progress(step: StepName, fraction: number, detail?: string): void {
    this.emit({ type: 'progress', step, ...this.tag(), fraction, ...(detail ? { detail } : {}) });
  }

  warn(message: string): void {
    if (this.warnings.includes(message)) return;
    this.warnings.push(message);
    this.emit({ type: 'warning', message });
  }

  checkpoint(checkpoint: BuildCheckpoint): void {
    this.emit({ type: 'checkpoint', checkpoint });
  }
}
