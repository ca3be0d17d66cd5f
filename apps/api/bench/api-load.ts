/**
 * The API under load, over real HTTP, against a simulator that queues like PVE (3 pveproxy +
 * 3 pvedaemon workers per node, BENCH_LATENCY_MS handling per call): 200 concurrent ISO
 * listings, 20 concurrent builds from two teachers, and how long an engine event takes to reach
 * an SSE client. Prints rows; with BENCH_OUT they also go to the root bench's table.
 */
import { buildRequestSchema } from '@labforge/contracts';
import type { BuildEvent, BuilderEngine } from '@labforge/engine';
import { classroomCredentials, classroomSeed, startSimulator } from '@labforge/pve-sim';
import { createParser } from 'eventsource-parser';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { buildApp } from '../src/app.js';
import { hashPassword } from '../src/auth/password.js';
import { createClusterHandles, type EngineFactory } from '../src/clusters/runtime.js';
import { parseConfig } from '../src/config/load.js';
import { createLogger } from '../src/logger.js';
import { realEngine } from '../src/start.js';
import { emit, HOP_MS, ms, pct, RTT_MS } from './rows.js';

const dispatcher = new Agent({ connections: 256 });

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

/** When the engine emitted each event, by what the SSE event will carry. */
const emitted = new Map<string, number[]>();
const keyOf = (e: {
  type: string;
  step?: string | undefined;
  item?: string | undefined;
  status?: string | undefined;
  message?: string | undefined;
}) => [e.type, e.step ?? '', e.item ?? '', e.status ?? '', e.message ?? ''].join('|');
function engineKey(e: BuildEvent): string | undefined {
  if (e.type === 'step') return keyOf({ ...e, message: e.detail });
  if (e.type === 'log') return keyOf({ type: 'log', step: e.step, item: e.item, message: e.line });
  return undefined;
}

/** The real engine, with every event's emit time noted (bench only). */
const tappedEngine: EngineFactory = (runtime, deps) => {
  const engine = realEngine(runtime, deps);
  const tap = (run: BuilderEngine['jobs']['build']['run']): typeof run => {
    return (req, ctx) =>
      run(req, {
        ...ctx,
        emit: (e) => {
          const key = engineKey(e);
          if (key) {
            const list = emitted.get(`${ctx.jobId}|${key}`) ?? [];
            list.push(performance.now());
            emitted.set(`${ctx.jobId}|${key}`, list);
          }
          ctx.emit(e);
        },
      });
  };
  return {
    ...engine,
    jobs: { ...engine.jobs, build: { ...engine.jobs.build, run: tap(engine.jobs.build.run) } },
  };
};

async function main(): Promise<void> {
  console.log(
    `API bench: 1 RTT = ${RTT_MS} ms handling per call, ${HOP_MS} ms per hop, 3+3 workers per node, classroom seed (3 nodes), Node ${process.version}`,
  );
  const sim = await startSimulator({
    seed: classroomSeed,
    taskSpeed: 4,
    workers: 3,
    proxyHopMs: HOP_MS,
  });
  await request(`${sim.url}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: '/**', effect: { type: 'delay', ms: RTT_MS } }),
  }).then((r) => r.body.dump());
  const dataDir = mkdtempSync(join(tmpdir(), 'labforge-bench-'));
  const config = parseConfig({
    data_dir: dataDir,
    session_secret: 'bench-session-secret-of-at-least-32-chars',
    scrypt_log2n: 12,
    log_level: 'warn',
    web_dist: join(dataDir, 'no-web'),
    port: 0,
    clusters: [
      {
        id: 'classroom',
        name: 'Classroom',
        endpoints: [sim.url],
        token: {
          id: classroomCredentials.builderToken.tokenid,
          secret: classroomCredentials.builderToken.secret,
        },
        tls: {},
        max_concurrent_builds: 6,
      },
    ],
  });
  const logger = createLogger('warn');
  const clusters = createClusterHandles(config, logger, tappedEngine);
  const { app, ctx } = await buildApp({ config, clusters, logger });
  for (const name of ['teacher1', 'teacher2']) {
    ctx.users.create({
      username: name,
      role: 'teacher',
      passwordHash: await hashPassword(`${name}-password`, 12),
    });
  }
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const sessions = await Promise.all(['teacher1', 'teacher2'].map((u) => login(url, u)));
    await isoLoad(url, sessions);
    await buildLoad(url, sessions);
  } finally {
    await app.close();
    await sim.close();
    await dispatcher.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Session {
  cookie: string;
  csrf: string;
}

async function login(url: string, username: string): Promise<Session> {
  const res = await request(`${url}/api/auth/login`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: `${username}-password` }),
  });
  const body = (await res.body.json()) as { csrf_token: string };
  return { cookie: String(res.headers['set-cookie']).split(';')[0] ?? '', csrf: body.csrf_token };
}

async function timed(fn: () => Promise<number>): Promise<{ ms: number; ok: boolean }> {
  const t = performance.now();
  try {
    const status = await fn();
    return { ms: performance.now() - t, ok: status >= 200 && status < 300 };
  } catch {
    return { ms: performance.now() - t, ok: false };
  }
}

async function isoLoad(url: string, sessions: Session[]): Promise<void> {
  const get = (s: Session) =>
    timed(async () => {
      const res = await request(`${url}/api/vm-builder/isos`, {
        dispatcher,
        headers: { cookie: s.cookie },
      });
      await res.body.dump();
      return res.statusCode;
    });
  const rssBefore = process.memoryUsage().rss;
  const cold = await Promise.all(Array.from({ length: 200 }, (_, i) => get(sessions[i % 2]!)));
  const warm = await Promise.all(Array.from({ length: 200 }, (_, i) => get(sessions[i % 2]!)));
  const rssAfter = process.memoryUsage().rss;
  for (const [label, xs] of [
    ['cold cache (one scan shared by all)', cold],
    ['warm cache', warm],
  ] as const) {
    const t = xs.map((x) => x.ms);
    emit({
      area: 'API load',
      figure: `200 concurrent GET /api/vm-builder/isos, ${label}`,
      value: `p50 ${ms(pct(t, 50))}, p95 ${ms(pct(t, 95))}, ${xs.filter((x) => !x.ok).length} errors`,
      compared: `1 RTT = ${RTT_MS} ms; a cold scan is 2 RTT`,
      result: `rss ${mb(rssBefore)} -> ${mb(rssAfter)} (API + simulator in one process)`,
    });
  }
}

async function buildLoad(url: string, sessions: Session[]): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const latencies: number[] = [];
  const streams: Promise<void | string>[] = [];
  const starts = await Promise.all(
    Array.from({ length: 20 }, (_, i) => {
      const s = sessions[i % 2]!;
      const body = buildRequestSchema.parse({
        vm_name: `load-${i}`,
        os_type: 'rocky',
        iso_file: 'isos-nfs:iso/Rocky-9.4-x86_64-minimal.iso',
        storage: 'local-lvm',
        cpu_cores: 1,
        memory_mb: 1024,
        disk_size_gb: 8,
        network_bridge: 'vmbr0',
      });
      let jobId = '';
      return timed(async () => {
        const res = await request(`${url}/api/vm-builder/build`, {
          method: 'POST',
          dispatcher,
          headers: {
            'content-type': 'application/json',
            cookie: s.cookie,
            'x-csrf-token': s.csrf,
          },
          body: JSON.stringify({ ...body, async: true }),
        });
        const answer = (await res.body.json()) as { job_id?: string };
        jobId = answer.job_id ?? '';
        if (jobId) streams.push(follow(url, s, jobId, latencies));
        return res.statusCode;
      });
    }),
  );
  const t0 = performance.now();
  const outcomes = await Promise.all(streams);
  const wall = performance.now() - t0;
  const rssAfter = process.memoryUsage().rss;
  const failed = outcomes.filter((o) => o !== undefined).length;
  const t = starts.map((x) => x.ms);
  emit({
    area: 'API load',
    figure: '20 concurrent builds, two teachers (POST /build, async)',
    value: `answer p50 ${ms(pct(t, 50))}, p95 ${ms(pct(t, 95))}; ${starts.filter((x) => !x.ok).length + failed} errors`,
    compared: `all 20 done after ${ms(wall)} (6 builds at once per cluster, 2 per node)`,
    result: `rss ${mb(rssBefore)} -> ${mb(rssAfter)}`,
  });
  emit({
    area: 'Progress',
    figure: `engine event -> SSE client (${latencies.length} live events of 20 builds)`,
    value: `p50 ${ms(pct(latencies, 50))}, p99 ${ms(pct(latencies, 99))}`,
    compared: 'same process, same clock',
    result: '',
  });
}

/** Follows a job's SSE stream to its end; notes each live event's delay since the engine emitted it. */
async function follow(
  url: string,
  s: Session,
  jobId: string,
  latencies: number[],
): Promise<void | string> {
  const res = await request(`${url}/api/vm-builder/jobs/${jobId}/events`, {
    dispatcher,
    headers: { cookie: s.cookie, accept: 'text/event-stream' },
  });
  const connected = performance.now();
  let failure: string | undefined;
  let done = false;
  const parser = createParser({
    onEvent: (e) => {
      const now = performance.now();
      const data = JSON.parse(e.data) as {
        type: string;
        step?: string;
        item?: string;
        status?: string;
        message?: string;
        job?: { status?: string };
      };
      if (data.type === 'done') {
        done = true;
        if (data.job?.status !== 'succeeded') failure = data.job?.status ?? 'failed';
      }
      const times = emitted.get(`${jobId}|${keyOf(data)}`);
      const at = times?.shift();
      // Events stored before this client connected are a replay, not a live delivery.
      if (at !== undefined && at >= connected) latencies.push(now - at);
    },
  });
  for await (const chunk of res.body) {
    parser.feed(Buffer.from(chunk as Uint8Array).toString('utf8'));
    if (done) break;
  }
  return failure;
}

await main();
