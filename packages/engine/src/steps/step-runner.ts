import { BuilderError, cancelledError, isAbort } from './errors.js';
import type { BuildCheckpoint, BuildContext, BuildEvent } from './types.js';

/** Emits the step events around each piece of work and turns aborts into cancellations. */
export class StepRunner {
  readonly warnings: string[] = [];
  current = 'start';

  constructor(
    readonly ctx: BuildContext,
    private readonly prefix = '',
  ) {}

  name(step: string): string {
    return this.prefix ? `${this.prefix}${step}` : step;
  }

  emit(e: BuildEvent): void {
    try {
      this.ctx.emit(e);
    } catch {
      // A broken listener must not break the build.
    }
  }

  checkCancelled(): void {
    if (this.ctx.signal.aborted) throw cancelledError(this.current);
  }

  async step<T>(
    step: string,
    fn: () => Promise<T>,
    done?: (r: T) => string | undefined,
  ): Promise<T> {
    this.checkCancelled();
    this.current = step;
    this.emit({ type: 'step', step: this.name(step), status: 'running' });
    try {
      const r = await fn();
      const detail = done?.(r);
      this.emit({
        type: 'step',
        step: this.name(step),
        status: 'done',
        ...(detail ? { detail } : {}),
      });
      return r;
    } catch (err) {
      const e = isAbort(err) || this.ctx.signal.aborted ? cancelledError(step) : err;
      const detail = e instanceof Error ? e.message : String(e);
      this.emit({ type: 'step', step: this.name(step), status: 'failed', detail });
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

  running(step: string, detail?: string, upid?: string): void {
    this.emit({
      type: 'step',
      step: this.name(step),
      status: 'running',
      ...(detail ? { detail } : {}),
      ...(upid ? { upid } : {}),
    });
  }

  finished(step: string, status: 'done' | 'failed', detail?: string): void {
    this.emit({ type: 'step', step: this.name(step), status, ...(detail ? { detail } : {}) });
  }

  skip(step: string, detail: string): void {
    this.emit({ type: 'step', step: this.name(step), status: 'skipped', detail });
  }

  log(step: string, line: string): void {
    this.emit({ type: 'log', step: this.name(step), line });
  }

  progress(step: string, fraction: number, detail?: string): void {
    this.emit({ type: 'progress', step: this.name(step), fraction, ...(detail ? { detail } : {}) });
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
