import { ConsoleTickets } from './tickets.js';

/** Console tickets and the consoles open right now (closed when LabForge shuts down). */
export class ConsoleHub {
  readonly tickets: ConsoleTickets;
  private readonly open = new Set<(code: number, reason: string) => void>();

  constructor(ticketTtlMs: number) {
    this.tickets = new ConsoleTickets(ticketTtlMs);
  }

  /** Registers an open console's closer; the returned function unregisters it. */
  track(close: (code: number, reason: string) => void): () => void {
    this.open.add(close);
    return () => this.open.delete(close);
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Both sides of every console, closed with 1001 "going away". */
  closeAll(): void {
    for (const close of [...this.open]) close(1001, 'LabForge is shutting down');
    this.open.clear();
    this.tickets.clear();
  }
}
