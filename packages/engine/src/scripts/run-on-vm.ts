import {
  SCRIPT_INPUT_MAX_CHARS,
  type ScriptLanguage,
  type ScriptRunResult,
} from '@labforge/contracts';
import { isAgentNotConfigured, isPermissionError, PveHttpError } from '@labforge/pve-client';
import type { EngineEnv } from '../env.js';
import { isAbort, pveText } from '../errors/builder-error.js';
import { capOutput } from './output.js';
import { invalidVars, scriptInput } from './script-vars.js';
import { pause } from '../util/pause.js';

export interface ScriptToRun {
  id: string;
  name: string;
  language: ScriptLanguage;
  body: string;
  timeout_s: number;
}
export interface ScriptVars {
  name: string;
  index: number;
  vmid: number;
}
export interface RunScriptOptions {
  signal: AbortSignal;
  startIfStopped: boolean;
  agentWaitMs?: number;
  onProgress?: (detail: string) => void;
}

/**
 * What the run-script job also needs (not part of the public shape): the moment the exec is
 * sent and the guest pid once known, so that a restart can follow the process instead of
 * running the script a second time.
 */
export interface RunScriptHooks extends RunScriptOptions {
  onExecSending?: () => void;
  onExecStarted?: (pid: number, at: number) => void;
}

/** How long to wait for `agent/ping` by default: a Windows guest's first boot takes minutes. */
export const DEFAULT_AGENT_WAIT_MS = 5 * 60_000;

/**
 * The interpreter, given as argv (agent/exec runs a program, never a shell line); the script goes
 * in as input-data (its stdin). `sh -s` reads the script from stdin; PowerShell's `-Command -` too.
 */
export function interpreterArgv(language: ScriptLanguage): string[] {
  return language === 'shell'
    ? ['/bin/sh', '-s']
    : ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command', '-'];
}

/** Thrown only by the caller's abort: every other ending is a ScriptRunResult. */
class Aborted extends Error {}

async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (!(await pause(ms, signal))) throw new Aborted('aborted');
}

/** The state a run reached, for the message of a refusal ("Starting the VM failed: ..."). */
type Outcome = Omit<ScriptRunResult, 'script_id' | 'script_name' | 'started_at' | 'finished_at'>;
const empty = { stdout: '', stderr: '', truncated: false };

/**
 * Runs one saved script inside one VM through the QEMU guest agent: start the VM if it is
 * stopped (and allowed), wait for `agent/ping`, `agent/exec` the interpreter with the script as
 * input-data, poll `agent/exec-status` until it exits or the script's timeout. Never throws for
 * what happens in the guest or at Proxmox (every ending is a result); only the caller's abort
 * rejects (with the signal's reason).
 */
export function runScriptOnVm(
  env: EngineEnv,
  target: { node: string; vmid: number },
  script: ScriptToRun,
  vars: ScriptVars,
  opts: RunScriptOptions,
): Promise<ScriptRunResult> {
  return runScript(env, target, script, vars, opts);
}

/** runScriptOnVm with the job's hooks. */
export async function runScript(
  env: EngineEnv,
  target: { node: string; vmid: number },
  script: ScriptToRun,
  vars: ScriptVars,
  opts: RunScriptHooks,
): Promise<ScriptRunResult> {
  const started = new Date(env.now()).toISOString();
  const finish = (o: Outcome): ScriptRunResult => ({
    script_id: script.id,
    script_name: script.name,
    ...o,
    started_at: started,
    finished_at: new Date(env.now()).toISOString(),
  });
  try {
    return finish(await runSteps(env, target, script, vars, opts));
  } catch (err) {
    if (err instanceof Aborted || isAbort(err) || opts.signal.aborted) {
      throw opts.signal.reason instanceof Error ? opts.signal.reason : new Error('aborted');
    }
    return finish({ status: 'error', ...empty, message: `Unexpected failure: ${pveText(err)}` });
  }
}

async function runSteps(
  env: EngineEnv,
  target: { node: string; vmid: number },
  script: ScriptToRun,
  vars: ScriptVars,
  opts: RunScriptHooks,
): Promise<Outcome> {
  const { node, vmid } = target;
  const { signal } = opts;
  const progress = (d: string) => {
    try {
      opts.onProgress?.(d);
    } catch {
      // A broken listener must not break the run.
    }
  };
  const bad = invalidVars(vars);
  if (bad) return { status: 'error', ...empty, message: `The script was not run: ${bad}` };
  const input = scriptInput(script.language, script.body, vars);
  if (input.length > SCRIPT_INPUT_MAX_CHARS)
    return {
      status: 'error',
      ...empty,
      message: `The script was not run: with its variables it is ${input.length} characters long, and Proxmox takes at most ${SCRIPT_INPUT_MAX_CHARS} characters`,
    };

  const started = await ensureRunning(env, target, opts, progress);
  if (started) return started;

  const agent = await waitForAgent(env, target, opts, progress);
  if (agent) return agent;

  progress('Running the script');
  let pid: number;
  const execAt = env.now();
  try {
    opts.onExecSending?.();
    ({ pid } = await env.client.agent.exec(node, vmid, interpreterArgv(script.language), {
      inputData: input,
      signal,
    }));
  } catch (err) {
    if (isAbort(err)) throw err;
    const lost = !(err instanceof PveHttpError);
    return {
      status: 'error',
      ...empty,
      message: lost
        ? `The answer to starting the script was lost (${pveText(err)}); it may have started in the guest, so it was not sent again`
        : `Proxmox refused to run the script: ${pveText(err)}`,
    };
  }
  opts.onExecStarted?.(pid, execAt);
  return followProcess(env, target, pid, script.timeout_s, signal, progress, execAt);
}

/** undefined when the VM runs (started here if needed), else the run's result. */
async function ensureRunning(
  env: EngineEnv,
  { node, vmid }: { node: string; vmid: number },
  opts: RunScriptOptions,
  progress: (d: string) => void,
): Promise<Outcome | undefined> {
  try {
    const st = await env.client.qemu.status(node, vmid, { signal: opts.signal });
    if (st.status === 'running') return undefined;
    if (!opts.startIfStopped)
      return {
        status: 'error',
        ...empty,
        message: 'The VM is stopped and starting it was not asked for; start it and run again',
      };
    progress('Starting the VM');
    const upid = await env.client.qemuPower.start(node, vmid, { signal: opts.signal });
    await env.client.tasks.wait(upid, { signal: opts.signal });
    return undefined;
  } catch (err) {
    if (isAbort(err)) throw err;
    return { status: 'error', ...empty, message: `Starting the VM failed: ${pveText(err)}` };
  }
}

/** undefined once the agent answers a ping, else the result (agent-unreachable or error). */
async function waitForAgent(
  env: EngineEnv,
  { node, vmid }: { node: string; vmid: number },
  opts: RunScriptOptions,
  progress: (d: string) => void,
): Promise<Outcome | undefined> {
  const waitMs = opts.agentWaitMs ?? DEFAULT_AGENT_WAIT_MS;
  const deadline = env.now() + waitMs;
  let pause = 500;
  let last = '';
  progress('Waiting for the guest agent');
  for (;;) {
    try {
      await env.client.agent.ping(node, vmid, { signal: opts.signal });
      return undefined;
    } catch (err) {
      if (isAbort(err)) throw err;
      if (isAgentNotConfigured(err))
        return {
          status: 'agent-unreachable',
          ...empty,
          message:
            'This VM has no QEMU guest agent enabled (its template was made without it), so LabForge cannot reach the guest. Enable "QEMU Guest Agent" in the VM’s options and install qemu-guest-agent in the guest.',
        };
      if (isPermissionError(err))
        return {
          status: 'error',
          ...empty,
          message: `Proxmox refused to talk to the guest agent: ${pveText(err)}`,
        };
      last = pveText(err);
    }
    if (env.now() + pause > deadline)
      return {
        status: 'agent-unreachable',
        ...empty,
        message: `The guest agent did not answer within ${Math.round(waitMs / 1000)} s (Proxmox said: ${last}). The guest may still be booting, or qemu-guest-agent is not installed or not running in it.`,
      };
    await sleep(pause, opts.signal);
    pause = Math.min(5_000, Math.round(pause * 1.5));
  }
}

/** Polls exec-status until the process exits or the timeout passes. */
async function followProcess(
  env: EngineEnv,
  { node, vmid }: { node: string; vmid: number },
  pid: number,
  timeoutS: number,
  signal: AbortSignal,
  progress: (d: string) => void,
  /** After a restart: when the process was started (its timeout counts from then). */
  startedAt = env.now(),
): Promise<Outcome> {
  const deadline = startedAt + timeoutS * 1000;
  let pause = 250;
  for (;;) {
    try {
      const st = await env.client.agent.execStatus(node, vmid, pid, { signal });
      if (st.exited) {
        const out = capOutput(st['out-data'] ?? '');
        const err = capOutput(st['err-data'] ?? '');
        const code = st.exitcode ?? (st.signal !== undefined ? 128 + st.signal : -1);
        return {
          status: code === 0 ? 'ok' : 'failed',
          exit_code: code,
          stdout: out.text,
          stderr: err.text,
          truncated:
            out.cut || err.cut || st['out-truncated'] === true || st['err-truncated'] === true,
          ...(st.signal !== undefined ? { message: `ended by signal ${st.signal}` } : {}),
        };
      }
    } catch (e) {
      if (isAbort(e)) throw e;
      return {
        status: 'error',
        ...empty,
        message: `Asking the guest agent how the script went failed: ${pveText(e)}`,
      };
    }
    if (env.now() >= deadline)
      return {
        status: 'timed-out',
        ...empty,
        message: `The script was still running after ${timeoutS} s. It may still be running in the guest: the guest agent cannot stop it.`,
      };
    progress(`Running the script (${Math.round((env.now() - startedAt) / 1000)} s)`);
    await sleep(Math.min(pause, Math.max(50, deadline - env.now())), signal);
    pause = Math.min(2_000, pause * 2);
  }
}

/**
 * After an API restart: a process whose pid was recorded is followed to its end (QGA keeps its
 * status until it is read once). Never throws except on abort.
 */
export async function followScriptOnVm(
  env: EngineEnv,
  target: { node: string; vmid: number },
  script: ScriptToRun,
  run: { pid: number; startedAt: number },
  opts: { signal: AbortSignal; onProgress?: (detail: string) => void },
): Promise<ScriptRunResult> {
  const started = new Date(run.startedAt).toISOString();
  try {
    const o = await followProcess(
      env,
      target,
      run.pid,
      script.timeout_s,
      opts.signal,
      (d) => opts.onProgress?.(d),
      run.startedAt,
    );
    return {
      script_id: script.id,
      script_name: script.name,
      ...o,
      started_at: started,
      finished_at: new Date(env.now()).toISOString(),
    };
  } catch (err) {
    if (err instanceof Aborted || isAbort(err) || opts.signal.aborted)
      throw opts.signal.reason instanceof Error ? opts.signal.reason : new Error('aborted');
    return {
      script_id: script.id,
      script_name: script.name,
      status: 'error',
      ...empty,
      message: `Unexpected failure: ${pveText(err)}`,
      started_at: started,
      finished_at: new Date(env.now()).toISOString(),
    };
  }
}
