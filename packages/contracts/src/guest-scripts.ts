import { z } from 'zod';
import { boundedInt, clusterIdSchema, vmidSchema } from './primitives.js';

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
/**
 * PVE's limit on agent/exec's `input-data` (maxLength 65536 characters): the preamble with the
 * variables and the script together. A saved body keeps room for the preamble below it.
 */
export const SCRIPT_INPUT_MAX_CHARS = 65_536;
export const SCRIPT_BODY_MAX_CHARS = SCRIPT_INPUT_MAX_CHARS - 2_048;

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

/** A script as a teacher saves it (POST creates, PUT replaces every field). */
export const guestScriptInputSchema = z.strictObject({
  name: z
    .string({ error: 'name must be text' })
    .trim()
    .min(1, 'name must not be empty')
    .max(80, 'name must be at most 80 characters'),
  language: z.enum(SCRIPT_LANGUAGES, {
    error: `language must be one of ${SCRIPT_LANGUAGES.join(', ')}`,
  }),
  description: z
    .string({ error: 'description must be text' })
    .max(1000, 'description must be at most 1000 characters')
    .default(''),
  body: z
    .string({ error: 'body must be text' })
    .min(1, 'body must not be empty')
    .max(SCRIPT_BODY_MAX_CHARS, `body must be at most ${SCRIPT_BODY_MAX_CHARS} characters`)
    .refine(
      (s) => new TextEncoder().encode(s).length <= SCRIPT_BODY_MAX_BYTES,
      `body must be at most ${SCRIPT_BODY_MAX_BYTES} bytes`,
    ),
  timeout_s: scriptTimeoutSchema.default(SCRIPT_TIMEOUT_DEFAULT_S),
});
export type GuestScriptInput = z.infer<typeof guestScriptInputSchema>;

export const guestScriptResponseSchema = z
  .object({ ok: z.literal(true), script: guestScriptSchema })
  .meta({ id: 'GuestScriptResponse' });

export const guestScriptDeletedSchema = z
  .object({ ok: z.literal(true), id: z.string() })
  .meta({ id: 'GuestScriptDeleted' });

export const scriptParamsSchema = z.strictObject({ id: scriptIdSchema });

/** At most this many VMs in one run (a class). */
export const SCRIPT_RUN_MAX_VMS = 100;

/** `POST /api/scripts/{id}/run`: one saved script on existing VMs (each must be yours). */
export const scriptRunRequestSchema = z
  .strictObject({
    cluster_id: clusterIdSchema.optional(),
    vmids: z
      .array(vmidSchema, { error: 'vmids must be a list of VM ids' })
      .min(1, 'vmids must name at least one VM')
      .max(SCRIPT_RUN_MAX_VMS, `vmids must name at most ${SCRIPT_RUN_MAX_VMS} VMs`)
      .refine((v) => new Set(v).size === v.length, 'vmids must not repeat a VM'),
    timeout_s: scriptTimeoutSchema.optional(),
    /** Start a stopped VM first (default true); otherwise a stopped VM is reported, not started. */
    start_if_stopped: z.boolean({ error: 'start_if_stopped must be true or false' }).optional(),
    async: z.boolean({ error: 'async must be true or false' }).optional(),
  })
  .meta({ id: 'ScriptRunRequest' });
export type ScriptRunRequest = z.infer<typeof scriptRunRequestSchema>;

/** One VM of a run-script job: which VM, and its run. */
export const scriptRunItemSchema = z
  .object({
    vmid: z.number().int(),
    name: z.string(),
    node: z.string().optional(),
    result: scriptRunResultSchema,
  })
  .meta({ id: 'ScriptRunItem' });
export type ScriptRunItem = z.infer<typeof scriptRunItemSchema>;

/** A run-script job's result: ok only when every VM's run exited 0. */
export const scriptRunJobResultSchema = z
  .object({
    ok: z.boolean(),
    job_id: z.string(),
    cluster_id: z.string(),
    script_id: z.string(),
    script_name: z.string(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    items: z.array(scriptRunItemSchema),
  })
  .meta({ id: 'ScriptRunJobResult' });
export type ScriptRunJobResult = z.infer<typeof scriptRunJobResultSchema>;
