import type { ScriptLanguage, ScriptRunResult } from '@labforge/contracts';
import type { EngineEnv } from '../env.js';
import { BuilderError } from '../errors/builder-error.js';

/*
 * Interim: the post-deployment scripts work (a separate branch) replaces this file at merge
 * with the real run through the QEMU guest agent. Only the shape is fixed here.
 */
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

export function runScriptOnVm(
  _env: EngineEnv,
  _target: { node: string; vmid: number },
  _script: ScriptToRun,
  _vars: ScriptVars,
  _opts: RunScriptOptions,
): Promise<ScriptRunResult> {
  return Promise.reject(
    new BuilderError(501, 'post-deployment scripts are not available in this build'),
  );
}
