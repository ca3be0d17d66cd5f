import type { StartOptions } from './start.js';

const KNOWN = new Set([
  'port',
  'host',
  'https',
  'seed',
  'ssh-port',
  'task-speed',
  'workers',
  'proxy-hop-ms',
  'help',
  'logger',
]);

/** CLI flags with environment fallbacks (PVE_SIM_PORT, PVE_SIM_HTTPS, ...); flags win. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): StartOptions {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') continue;
    if (!a.startsWith('--')) throw new Error(`unexpected argument '${a}'`);
    const [name = '', inline] = a.slice(2).split('=', 2);
    if (!KNOWN.has(name)) throw new Error(`unknown option --${name}`);
    if (name === 'https' || name === 'help' || name === 'logger') flags.set(name, true);
    else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      flags.set(name, value);
    }
  }
  const get = (flag: string, envName: string): string | undefined => {
    const v = flags.get(flag);
    return typeof v === 'string' ? v : env[envName];
  };
  const num = (flag: string, envName: string): number | undefined => {
    const v = get(flag, envName);
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${flag} must be a non-negative number`);
    return n;
  };
  const opts: StartOptions = {
    port: num('port', 'PVE_SIM_PORT') ?? 8006,
    host: get('host', 'PVE_SIM_HOST') ?? '127.0.0.1',
    https: flags.get('https') === true || env.PVE_SIM_HTTPS === '1' || env.PVE_SIM_HTTPS === 'true',
    seed: get('seed', 'PVE_SIM_SEED') ?? 'classroom',
    taskSpeed: num('task-speed', 'PVE_SIM_TASK_SPEED') ?? 1,
    logger: flags.get('logger') === true,
  };
  const workers = num('workers', 'PVE_SIM_WORKERS');
  if (workers !== undefined) {
    if (!Number.isInteger(workers)) throw new Error('--workers must be a whole number');
    opts.workers = workers;
  }
  const hop = num('proxy-hop-ms', 'PVE_SIM_PROXY_HOP_MS');
  if (hop !== undefined) opts.proxyHopMs = hop;
  const ssh = num('ssh-port', 'PVE_SIM_SSH_PORT');
  if (ssh !== undefined) opts.sshPort = ssh;
  if (opts.taskSpeed === 0) throw new Error('--task-speed must be greater than 0');
  return opts;
}

export const USAGE = `Usage: pve-sim [--port 8006] [--host 127.0.0.1] [--https] [--seed classroom|FILE.json]
               [--ssh-port 2222] [--task-speed N] [--workers N] [--proxy-hop-ms MS] [--logger]
  --workers N       API workers per node for pveproxy and pvedaemon each (PVE: 3; 0 = unbounded)
  --proxy-hop-ms MS added to every call the entry node forwards to another node
Environment: PVE_SIM_PORT, PVE_SIM_HOST, PVE_SIM_HTTPS=1, PVE_SIM_SEED, PVE_SIM_SSH_PORT,
  PVE_SIM_TASK_SPEED, PVE_SIM_WORKERS, PVE_SIM_PROXY_HOP_MS`;
