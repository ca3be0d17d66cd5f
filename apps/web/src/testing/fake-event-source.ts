import type { JobEvent } from '@labforge/contracts';

type Listener = (event: MessageEvent<string>) => void;

/**
 * jsdom has no EventSource; this stands in for it so tests can push a job's events the way the
 * API's stream does (named events, JSON data, seq as id).
 */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly url: string;
  closed = false;
  private listeners = new Map<string, Listener[]>();

  constructor(url: string | URL) {
    this.url = String(url);
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.set(
      type,
      (this.listeners.get(type) ?? []).filter((l) => l !== listener),
    );
  }

  close(): void {
    this.closed = true;
  }

  /** Delivers one job event as the server would send it. */
  emit(event: JobEvent): void {
    if (this.closed) return;
    const message = new MessageEvent<string>(event.type, {
      data: JSON.stringify(event),
      lastEventId: String(event.seq),
    });
    for (const listener of this.listeners.get(event.type) ?? []) listener(message);
  }

  /** The connection dropped (or the server ended the stream), as the browser reports it. */
  fail(): void {
    for (const listener of this.listeners.get('error') ?? []) {
      listener(new MessageEvent<string>('error'));
    }
  }

  static latest(): FakeEventSource {
    const last = FakeEventSource.instances[FakeEventSource.instances.length - 1];
    if (!last) throw new Error('no EventSource was opened');
    return last;
  }
}
