/**
 * The console through LabForge against the simulator directly: a key's round trip to the screen
 * (RFB KeyEvent, then an incremental FramebufferUpdateRequest answered with the changed text)
 * and the throughput of full-screen updates (800x600 Raw, 1.9 MB each). Same process, same
 * simulator, same RFB client; only the path differs (LabForge's WebSocket proxy in between).
 * Run with `pnpm bench` in apps/api (BENCH_KEYS, BENCH_FULL).
 */
import { createPveClient } from '@labforge/pve-client';
import { RfbTestClient } from '@labforge/pve-sim';
import type { WebSocket } from 'ws';
import { openConsoleSocket } from '../test/helpers/console-client.js';
import { startHarness } from '../test/helpers/harness.js';

const KEYS = Number(process.env.BENCH_KEYS ?? 200);
const FULL = Number(process.env.BENCH_FULL ?? 30);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;

async function measure(rfb: RfbTestClient, password: string) {
  await rfb.handshake(password);
  await rfb.update(false);
  const keys: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    const t = performance.now();
    rfb.type(i % 40 === 39 ? '\n' : 'x');
    await rfb.update(true);
    keys.push(performance.now() - t);
  }
  const t = performance.now();
  for (let i = 0; i < FULL; i++) await rfb.update(false);
  const seconds = (performance.now() - t) / 1000;
  const mbPerS = (FULL * rfb.width * rfb.height * 4) / 1024 / 1024 / seconds;
  return { keyMedian: median(keys), keyP95: p95(keys), mbPerS };
}

function rfbOver(ws: WebSocket): RfbTestClient {
  return new RfbTestClient({
    send: (b) => ws.send(b),
    onData: (l) => ws.on('message', (d: Buffer) => l(d)),
  });
}

const h = await startHarness({ taskDurations: { bootprompt: 60 }, config: { log_level: 'warn' } });
try {
  const base = (await h.app.listen({ port: 0, host: '127.0.0.1' })).replace('0.0.0.0', '127.0.0.1');
  const built = await h.call(h.callers.teacher, {
    method: 'POST',
    url: '/api/vm-builder/build',
    payload: {
      vm_name: 'bench-console',
      os_type: 'windows11',
      iso_file: 'local:iso/Win11_24H2_English_x64.iso',
      storage: 'local-lvm',
    },
  });
  const { vmid } = built.json() as { vmid: number };
  const path = `/api/vms/classroom/${vmid}`;
  await h.call(h.callers.teacher, {
    method: 'POST',
    url: `${path}/power`,
    payload: { action: 'start-from-iso' },
  });

  // Directly: the cluster's own client, as the API uses it.
  const cluster = h.config.clusters[0]!;
  const client = createPveClient({
    endpoints: cluster.endpoints,
    auth: { kind: 'token', tokenId: cluster.token!.id, secret: cluster.token!.secret },
    tls: { fingerprint: cluster.tls.fingerprint! },
  });
  const proxy = await client.qemuConsole.vncproxy('pve2', vmid);
  const direct = await client.qemuConsole.openVncWebsocket('pve2', vmid, proxy);
  const directRfb = rfbOver(direct);
  direct.resume();
  const d = await measure(directRfb, proxy.password);
  direct.close();
  await client.close();

  // Through LabForge: ticket, WebSocket with cookie and Origin, the proxy in between.
  const ticket = (
    await h.call(h.callers.teacher, { method: 'POST', url: `${path}/console` })
  ).json() as {
    websocket_path: string;
    password: string;
  };
  const opened = await openConsoleSocket(base, ticket.websocket_path, {
    cookie: h.callers.teacher.cookie!,
    origin: base,
  });
  const l = await measure(opened.rfb, ticket.password);
  opened.ws.close();

  const row = (name: string, r: typeof d) =>
    `${name.padEnd(18)} key->screen median ${r.keyMedian.toFixed(2)} ms, p95 ${r.keyP95.toFixed(2)} ms; full-screen updates ${r.mbPerS.toFixed(1)} MB/s`;
  console.log(`console round trip (${KEYS} keys, ${FULL} full-screen updates of 800x600 Raw)`);
  console.log(row('simulator directly', d));
  console.log(row('through LabForge', l));
  console.log(
    `ratio LabForge/direct: key round trip x${(l.keyMedian / d.keyMedian).toFixed(2)}, throughput x${(l.mbPerS / d.mbPerS).toFixed(2)}`,
  );
} finally {
  await h.close();
}
