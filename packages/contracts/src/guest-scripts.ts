import { z } from 'zod';
import { boundedInt } from './primitives.js';

/**
 * Post-deployment scripts: named scripts a teacher keeps in LabForge and runs inside VMs through
 * the QEMU guest agent (`agent/exec` with the script as input data). Shell scripts run in Linux
 * guests, PowerShell scripts in Windows guests.
 *
 * Per-VM variables (`{name}`, `{index}`, `{vmid}`) are handed to the guest as data, never
 * spliced into the script's text, so a VM name can never change what the script does.
 */
export const SCRIPT_LANGUAGES = ['shell', 'powershell'] as const;
export type ScriptLanguage = (typeof SCRIPT_LANGUAGES)[number];

export const SCRIPT_VARIABLES = ['name', 'index', 'vmid'] as const;

/** Bounds of a script run: the whole run (agent wait excluded) and the output kept per stream. */
export const SCRIPT_TIMEOUT_MIN_S = 5;
export const SCRIPT_TIMEOUT_MAX_S = 3600;
export const SCRIPT_TIMEOUT_DEFAULT_S = 300;
export const SCRIPT_OUTPUT_CAP_BYTES = 64 * 1024;
export const SCRIPT_BODY_MAX_BYTES = 64 * 1024;

export const scriptIdSchema = z
  .string({ error: 'script_id must be a script id' })
  .regex(/^[a-z0-9]{6,40}$/, 'script_id must be a script id');

export const scriptTimeoutSchema = boundedInt(
  'timeout_s',
  SCRIPT_TIMEOUT_MIN_S,
  SCRIPT_TIMEOUT_MAX_S,
  ' seconds',
);

/** A saved script as LabForge lists it. */
export const guestScriptSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    language: z.enum(SCRIPT_LANGUAGES),
    description: z.string(),
    body: z.string(),
    timeout_s: z.number().int(),
    owner: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'GuestScript' });
export type GuestScript = z.infer<typeof guestScriptSchema>;

export const guestScriptListResponseSchema = z
  .object({ ok: z.literal(true), scripts: z.array(guestScriptSchema) })
  .meta({ id: 'GuestScriptList' });

/** How a deployment (or a run on existing VMs) asks for a script. */
export const scriptChoiceSchema = z
  .strictObject({
    script_id: scriptIdSchema,
    /** Overrides the script's own timeout for this run. */
    timeout_s: scriptTimeoutSchema.optional(),
  })
  .meta({ id: 'ScriptChoice' });
export type ScriptChoice = z.infer<typeof scriptChoiceSchema>;

/**
 * One VM's run: `ok` exit code 0, `failed` any other exit code, `timed-out` still running at the
 * timeout, `agent-unreachable` the guest agent never answered (not installed, not enabled, or
 * the guest never booted), `error` Proxmox refused (message says why).
 */
export const SCRIPT_RUN_STATUSES = [
  'ok',
  'failed',
  'timed-out',
  'agent-unreachable',
  'error',
] as const;
export type ScriptRunStatus = (typeof SCRIPT_RUN_STATUSES)[number];

export const scriptRunResultSchema = z
  .object({
    script_id: z.string(),
    script_name: z.string(),
    status: z.enum(SCRIPT_RUN_STATUSES),
    exit_code: z.number().int().optional(),
    stdout: z.string(),
    stderr: z.string(),
    /** Output beyond SCRIPT_OUTPUT_CAP_BYTES per stream (or the agent's own cap) was cut. */
    truncated: z.boolean(),
    message: z.string().optional(),
    started_at: z.string(),
    finished_at: z.string(),
  })
  .meta({ id: 'ScriptRunResult' });
export type ScriptRunResult = z.infer<typeof scriptRunResultSchema>;
