import { die } from '../../http/errors.js';
import { type ApiRoute, type RouteContext, int, str } from '../../http/route.js';
import { runInGuest, spawnError } from '../../guest/exec.js';
import { parsePropertyString } from '../../schema/index.js';
import type { Simulator } from '../../simulator.js';
import { requireAnyPriv, requirePrivs } from '../../state/permissions.js';
import type { GuestProcess, GuestState, VmState } from '../../state/types.js';
import { requireVm } from '../../state/vm.js';

/**
 * qemu-server API2/Qemu/Agent.pm: ping, get-osinfo, exec, exec-status. PVE 9 split VM.Monitor into
 * VM.GuestAgent.*: ping/get-osinfo need VM.GuestAgent.Audit or .Unrestricted, exec and
 * exec-status need VM.GuestAgent.Unrestricted.
 */
const AUDIT = ['VM.GuestAgent.Audit', 'VM.GuestAgent.Unrestricted'];

const anyOf = (privs: string[]) => (ctx: RouteContext) =>
  requireAnyPriv(ctx.sim.state, ctx.id, `/vms/${str(ctx.params.vmid)}`, privs);
const unrestricted = (ctx: RouteContext) =>
  requirePrivs(ctx.sim.state, ctx.id, `/vms/${str(ctx.params.vmid)}`, [
    'VM.GuestAgent.Unrestricted',
  ]);

function agentEnabled(value: string | number): boolean {
  try {
    return parsePropertyString('pve-qm-agent', String(value)).enabled === '1';
  } catch {
    return false;
  }
}

/** The guest answers guest-ping once it booted and its agent started. */
function agentAnswers(s: Simulator, vm: VmState): GuestState | undefined {
  const g = vm.guest;
  if (!g?.installed || !agentEnabled(vm.config.agent ?? 0)) return undefined;
  const up = Date.now() - (vm.bootedAtMs ?? 0);
  return up >= s.scaled(g.agentDelayMs) ? g : undefined;
}

/**
 * assert_agent_available: `agent` must be set in the config (even agent: 0 counts), the VM must
 * run, and guest-ping must answer within its 3 s timeout.
 */
async function assertAgent(ctx: RouteContext): Promise<{ vm: VmState; guest: GuestState }> {
  const s = ctx.sim;
  const vmid = int(ctx.params.vmid) ?? 0;
  const vm = requireVm(s.state, str(ctx.params.node) ?? '', vmid);
  if (vm.config.agent === undefined) throw die('No QEMU guest agent configured\n');
  if (!vm.running) throw die(`VM ${vmid} is not running\n`);
  const guest = agentAnswers(s, vm);
  if (!guest) {
    await new Promise((r) => setTimeout(r, s.scaled(3000)));
    throw die('QEMU guest agent is not running\n');
  }
  return { vm, guest };
}

/** check_agent_error: a QGA error reply becomes "Agent error: <desc>". */
const agentError = (desc: string) => die(`Agent error: ${desc}\n`);

async function ping(ctx: RouteContext): Promise<unknown> {
  await assertAgent(ctx);
  return { result: {} };
}

async function osinfo(ctx: RouteContext): Promise<unknown> {
  const { guest } = await assertAgent(ctx);
  return { result: { ...guest.osinfo } };
}

function capture(text: string, limit: number): { data: Buffer; truncated: boolean } {
  const buf = Buffer.from(text, 'utf8');
  return buf.length > limit
    ? { data: buf.subarray(0, limit), truncated: true }
    : { data: buf, truncated: false };
}

async function exec(ctx: RouteContext): Promise<unknown> {
  const raw = ctx.params.command;
  const argv = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  const input = str(ctx.params['input-data']);
  if (argv.length === 0 && input === undefined)
    throw die('command or input-data (or both) required\n');
  const { vm, guest } = await assertAgent(ctx);
  if (argv.length === 0) throw agentError("Invalid parameter type for 'path', expected: string");
  const run = runInGuest(vm, guest, argv, input ?? '');
  if (!run) throw agentError(spawnError(argv[0] ?? ''));
  const out = capture(run.stdout, guest.maxOutputBytes);
  const err = capture(run.stderr, guest.maxOutputBytes);
  const proc: GuestProcess = {
    pid: guest.nextPid++,
    exitsAtMs: Date.now() + ctx.sim.scaled(run.durationMs),
    exitcode: run.exitcode,
    stdout: out.data,
    stderr: err.data,
    outTruncated: out.truncated,
    errTruncated: err.truncated,
  };
  guest.processes.set(proc.pid, proc);
  return { pid: proc.pid };
}

/**
 * guest-exec-status: `exited` 0 until the process ends; then exitcode, out-data/err-data (PVE
 * decodes QGA's base64, and sends them only when non-empty) and *-truncated only when true. QGA
 * forgets a process once its exit was reported, so asking again fails like an unknown pid.
 */
async function execStatus(ctx: RouteContext): Promise<unknown> {
  const { guest } = await assertAgent(ctx);
  const pid = int(ctx.params.pid) ?? -1;
  const proc = guest.processes.get(pid);
  if (!proc) throw agentError("Invalid parameter 'pid'");
  if (Date.now() < proc.exitsAtMs) return { exited: 0 };
  guest.processes.delete(pid);
  const res: Record<string, unknown> = { exited: 1, exitcode: proc.exitcode };
  if (proc.stdout.length > 0) res['out-data'] = proc.stdout.toString('utf8');
  if (proc.stderr.length > 0) res['err-data'] = proc.stderr.toString('utf8');
  if (proc.outTruncated) res['out-truncated'] = 1;
  if (proc.errTruncated) res['err-truncated'] = 1;
  return res;
}

const base = '/nodes/{node}/qemu/{vmid}/agent';
export const qemuAgentRoutes: ApiRoute[] = [
  { method: 'POST', path: `${base}/ping`, proxy: true, check: anyOf(AUDIT), handler: ping },
  { method: 'GET', path: `${base}/get-osinfo`, proxy: true, check: anyOf(AUDIT), handler: osinfo },
  { method: 'POST', path: `${base}/exec`, proxy: true, check: unrestricted, handler: exec },
  {
    method: 'GET',
    path: `${base}/exec-status`,
    proxy: true,
    check: unrestricted,
    handler: execStatus,
  },
];
