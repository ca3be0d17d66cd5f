import type { JobEvent } from '@labforge/contracts';
import { createParser } from 'eventsource-parser';

/** Parses a complete text/event-stream body into its events (id, event name, data). */
export function parseSse(body: string): Array<{ id?: string; event?: string; data: JobEvent }> {
  const out: Array<{ id?: string; event?: string; data: JobEvent }> = [];
  const parser = createParser({
    onEvent: (e) =>
      out.push({
        ...(e.id ? { id: e.id } : {}),
        ...(e.event ? { event: e.event } : {}),
        data: JSON.parse(e.data) as JobEvent,
      }),
  });
  parser.feed(body);
  return out;
}
