import { z } from 'zod';
import { VM_OWNER_SOURCES } from './vm-owners.js';

/**
 * "My VMs": the VMs and templates a teacher may operate (built by them in LabForge, or assigned
 * to them by an administrator); administrators see every recorded VM. `state` is what a teacher
 * needs: `missing` means LabForge remembers the VM but Proxmox no longer has it.
 */
export const MY_VM_STATES = ['stopped', 'running', 'template', 'missing', 'unknown'] as const;
export type MyVmState = (typeof MY_VM_STATES)[number];

export const attachedMediaSchema = z.object({
  /** The CD drive, e.g. `ide2`. */
  drive: z.string(),
  /** The ISO's volume id, e.g. `local:iso/Win11_24H2.iso`. */
  volume: z.string(),
});
export type AttachedMedia = z.infer<typeof attachedMediaSchema>;

export const myVmSchema = z
  .object({
    cluster_id: z.string(),
    vmid: z.number().int(),
    name: z.string(),
    node: z.string().optional(),
    os_type: z.string().optional(),
    state: z.enum(MY_VM_STATES),
    lock: z.string().optional(),
    media: z.array(attachedMediaSchema),
    /** Who may operate it in LabForge (the builder, or the teacher an admin assigned it to). */
    owner: z.string(),
    source: z.enum(VM_OWNER_SOURCES),
    job_id: z.string().optional(),
    /** The class it was deployed with (class id = the deploy job's id), for My VMs' groups. */
    class_id: z.string().optional(),
    class_name: z.string().optional(),
    /** When it was built (the build record), else when it was assigned. */
    since: z.string(),
    built_by: z.string().optional(),
    /** The name people see for `built_by` (or for the owner when the build record has none). */
    built_by_name: z.string().optional(),
  })
  .meta({ id: 'MyVm' });
export type MyVm = z.infer<typeof myVmSchema>;

export const myVmListResponseSchema = z
  .object({ ok: z.literal(true), vms: z.array(myVmSchema) })
  .meta({ id: 'MyVmList' });

export const POWER_ACTIONS = ['start', 'start-from-iso', 'shutdown', 'stop', 'reset'] as const;
export type PowerAction = (typeof POWER_ACTIONS)[number];

export const powerRequestSchema = z
  .strictObject({
    action: z.enum(POWER_ACTIONS, {
      error: `action must be one of ${POWER_ACTIONS.join(', ')}`,
    }),
  })
  .meta({ id: 'PowerRequest' });

export const vmActionResponseSchema = z
  .object({
    ok: z.literal(true),
    cluster_id: z.string(),
    vmid: z.number().int(),
    /** What happened, in a sentence for the teacher. */
    message: z.string(),
    state: z.enum(MY_VM_STATES),
    /** The Proxmox task that did it (qmstart, qmshutdown, ...), when there was one. */
    upid: z.string().optional(),
    /** Eject: the ISOs that were removed. */
    ejected: z.array(z.string()).optional(),
    /** Start from ISO: how many key presses were sent during the boot prompt. */
    keys_sent: z.number().int().optional(),
  })
  .meta({ id: 'VmActionResult' });
export type VmActionResult = z.infer<typeof vmActionResponseSchema>;

export const consoleTicketResponseSchema = z
  .object({
    ok: z.literal(true),
    /** One-time LabForge console ticket for the WebSocket URL: bound to you and this VM. */
    ticket: z.string(),
    /** Seconds the ticket stays usable (once). */
    expires_in: z.number().int(),
    /** Relative WebSocket URL, ticket included. */
    websocket_path: z.string(),
    /** The per-session VNC password noVNC needs; worthless without LabForge's proxy. */
    password: z.string(),
    vm_name: z.string(),
    node: z.string(),
  })
  .meta({ id: 'ConsoleTicket' });
export type ConsoleTicket = z.infer<typeof consoleTicketResponseSchema>;

export const consoleSocketQuerySchema = z.object({
  ticket: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'ticket is malformed'),
});
