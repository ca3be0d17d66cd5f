/**
 * The console through LabForge against the simulator directly: how long opening it takes until
 * the first full screen arrives (with 1 RTT of handling on every Proxmox call and PVE's worker
 * pools on), a key's round trip to the screen (RFB KeyEvent, then an incremental
 * FramebufferUpdateRequest answered with the changed text) and the throughput of full-screen
 * updates (800x600 Raw, 1.9 MB each). Same process, same simulator, same RFB client; only the
 * path differs (LabForge's ticket call and WebSocket proxy in between). Prints rows; with
 * BENCH_OUT they also go to the root bench's table (BENCH_KEYS, BENCH_FULL, BENCH_OPENS).
 */
import { createPveClient } from '@labforge/pve-client';
import { RfbTestClient } from '@labforge/pve-sim';
import type { WebSocket } from 'ws';
import { openConsoleSocket } from '../test/helpers/console-client.js';
import { startHarness } from '../test/helpers/harness.js';
import { emit, HOP_MS, ms, pct, RTT_MS } from './rows.js';

const KEYS = Number(process.env.BENCH_KEYS ?? 200);
const FULL = Number(process.env.BENCH_FULL ?? 30);

const OPENS = Number(process.env.BENCH_OPENS ?? 7);
const median = (xs: number[]) => pct(xs, 50);
const p95 = (xs: number[]) => pct(xs, 95);

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

  const rel = (lv: number, dv: number) => `x${(lv / dv).toFixed(2)}`;
  emit({
    area: 'Console',
    figure: `key -> screen (${KEYS} keys; RFB KeyEvent, then the changed text), no injected latency`,
    value: `median ${l.keyMedian.toFixed(2)} ms, p95 ${l.keyP95.toFixed(2)} ms`,
    compared: `the simulator directly: median ${d.keyMedian.toFixed(2)} ms, p95 ${d.keyP95.toFixed(2)} ms`,
    result: `${rel(l.keyMedian, d.keyMedian)} (LabForge's WebSocket proxy in between)`,
  });
  emit({
    area: 'Console',
    figure: `full-screen updates (${FULL} x 800x600 Raw, 1.9 MB each)`,
    value: `${l.mbPerS.toFixed(1)} MB/s`,
    compared: `the simulator directly: ${d.mbPerS.toFixed(1)} MB/s`,
    result: `${rel(l.mbPerS, d.mbPerS)} of the direct throughput`,
  });

  // Opening the console with PVE's request handling on: every call holds one of 3 workers for
  // 1 RTT. Directly: vncproxy, then vncwebsocket. Through LabForge: the ticket call (which
  // checks the VM and asks vncproxy) and the WebSocket (which opens vncwebsocket), over HTTP.
  h.sim.sim.workers.setLimits({ pveproxy: 3, pvedaemon: 3 });
  h.sim.sim.proxyHopMs = HOP_MS;
  h.sim.sim.faults.add({ path: '/**', effect: { type: 'delay', ms: RTT_MS } });
  const directOpens: number[] = [];
  const labOpens: number[] = [];
  for (let i = 0; i < OPENS; i++) {
    let t = performance.now();
    const p = await client.qemuConsole.vncproxy('pve2', vmid);
    const ws = await client.qemuConsole.openVncWebsocket('pve2', vmid, p);
    const rfb = rfbOver(ws);
    ws.resume();
    await rfb.handshake(p.password);
    await rfb.update(false);
    directOpens.push(performance.now() - t);
    ws.close();

    t = performance.now();
    const res = await fetch(`${base}${path}/console`, {
      method: 'POST',
      headers: { cookie: h.callers.teacher.cookie!, 'x-csrf-token': h.callers.teacher.csrf! },
    });
    if (res.status !== 200) throw new Error(`console ticket: ${res.status} ${await res.text()}`);
    const tk = (await res.json()) as { websocket_path: string; password: string };
    const o = await openConsoleSocket(base, tk.websocket_path, {
      cookie: h.callers.teacher.cookie!,
      origin: base,
    });
    await o.rfb.handshake(tk.password);
    await o.rfb.update(false);
    labOpens.push(performance.now() - t);
    o.ws.close();
    await o.closed;
  }
  await client.close();
  const dm = median(directOpens);
  const lm = median(labOpens);
  emit({
    area: 'Console',
    figure: `open -> first full screen (${OPENS} opens, median; 1 RTT = ${RTT_MS} ms per Proxmox call, 3+3 workers per node)`,
    value: `${ms(lm)} = ${(lm / RTT_MS).toFixed(1)} RTT (p95 ${ms(p95(labOpens))})`,
    compared: `the simulator directly (vncproxy, vncwebsocket, RFB): ${ms(dm)} = ${(dm / RTT_MS).toFixed(1)} RTT`,
    result: `+${ms(lm - dm)} = +${((lm - dm) / RTT_MS).toFixed(1)} RTT for the ticket, the ownership check and the proxy`,
  });
} finally {
  await h.close();
}
