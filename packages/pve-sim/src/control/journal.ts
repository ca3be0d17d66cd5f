export type Encoding = 'form' | 'json' | 'query';

export interface JournalEntry {
  seq: number;
  time: number;
  method: string;
  /** Without /api2/json and without the query string. */
  path: string;
  params: Record<string, unknown>;
  encoding: Encoding;
  identity: string | null;
  status: number;
  /** Handled, but the answer was never sent (a `drop` fault with `when: "after"`). */
  dropped?: true;
}

/** Every /api2 request as received, for tests and the engine conformance check. */
export class Journal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  add(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const full = { ...entry, seq: ++this.seq };
    this.entries.push(full);
    // Bounded so long demo runs do not grow without limit.
    if (this.entries.length > 50_000) this.entries.splice(0, 10_000);
    return full;
  }

  since(seq: number): JournalEntry[] {
    return this.entries.filter((e) => e.seq > seq);
  }

  clear(): void {
    this.entries = [];
  }
}
