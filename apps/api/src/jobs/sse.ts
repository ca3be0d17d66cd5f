import type { JobEvent } from '@labforge/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JobRunner } from './runner.js';
import type { JobStore } from './store.js';

const HEARTBEAT_MS = 15_000;

/** Open streams, ended when the server closes (they would otherwise hold it open). */
export const openStreams = new Set<() => void>();

function frame(e: JobEvent): string {
  return `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
}

/** Last-Event-ID (header, as browsers send it on reconnect) as a sequence number; 0 if absent. */
export function lastEventId(req: FastifyRequest): number {
  const raw = req.headers['last-event-id'];
  const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : 0;
  return n;
}

/**
 * Streams a job's events after `after`: the stored backlog, then live events, ending after `done`.
 * Subscribes before reading the backlog so nothing falls between the two.
 */
export function streamJobEvents(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: {
    store: JobStore;
    runner: JobRunner;
    /** Re-checked before every event and heartbeat: a logout or revocation ends the stream. */
    authorised: () => boolean;
  },
  jobId: string,
  after: number,
): void {
  let last = after;
  let ended = false;
  const buffered: JobEvent[] = [];
  let live = false;
  const raw = reply.raw;

  const write = (e: JobEvent) => {
    if (ended || e.seq <= last) return;
    if (!deps.authorised()) return end();
    last = e.seq;
    raw.write(frame(e));
    if (e.type === 'done') end();
  };
  const unsubscribe = deps.runner.subscribe(jobId, (e) => (live ? write(e) : buffered.push(e)));
  const heartbeat = setInterval(
    () => (deps.authorised() ? raw.write(': keep-alive\n\n') : end()),
    HEARTBEAT_MS,
  );
  heartbeat.unref();
  function end() {
    if (ended) return;
    ended = true;
    openStreams.delete(end);
    unsubscribe();
    clearInterval(heartbeat);
    raw.end();
  }
  req.raw.on('close', end);
  openStreams.add(end);

  reply.hijack();
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write('retry: 2000\n\n');
  for (const e of deps.store.eventsAfter(jobId, after)) write(e);
  live = true;
  for (const e of buffered) write(e);
  // A finished job whose `done` the client already had: nothing more will come.
  if (!ended && !deps.runner.isActive(jobId)) {
    const job = deps.store.get(jobId);
    if (job && job.status !== 'queued' && job.status !== 'running') end();
  }
}
