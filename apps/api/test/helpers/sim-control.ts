import type { RunningSimulator } from '@labforge/pve-sim';
import { Agent, request } from 'undici';

// The simulator's certificate is self-signed; its control plane is test-only.
const agent = new Agent({ connect: { rejectUnauthorized: false } });

/** Calls the simulator's /_sim control plane (faults, nodes, storages, requests). */
export async function simControl(
  sim: RunningSimulator,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await request(`${sim.url}${path}`, {
    method,
    dispatcher: agent,
    ...(body !== undefined
      ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
      : {}),
  });
  const text = await res.body.text();
  if (res.statusCode >= 400) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

interface JournalEntry {
  method: string;
  path: string;
  status: number;
  params: Record<string, unknown>;
}
export async function journal(sim: RunningSimulator): Promise<JournalEntry[]> {
  return (await simControl(sim, 'GET', '/_sim/requests')) as JournalEntry[];
}
