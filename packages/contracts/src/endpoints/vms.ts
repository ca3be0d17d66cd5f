import type { z } from 'zod';
import { defineEndpoint, errorResponses } from '../endpoint.js';
import {
  consoleSocketQuerySchema,
  consoleTicketResponseSchema,
  myVmListResponseSchema,
  powerRequestSchema,
  vmActionResponseSchema,
} from '../my-vms.js';
import { vmOwnerParamsSchema } from '../vm-owners.js';

const tags = ['vms'] as const;

export const listMyVms = defineEndpoint({
  method: 'GET',
  path: '/api/vms',
  summary:
    'My VMs: the VMs and templates you built or were assigned (administrators: all recorded), with their state and attached ISOs.',
  tags,
  access: 'builder',
  responses: { 200: myVmListResponseSchema, ...errorResponses('builder', [502]) },
});

export const powerVm = defineEndpoint({
  method: 'POST',
  path: '/api/vms/:cluster_id/:vmid/power',
  summary:
    'Start, shut down (ACPI), stop (hard) or reset a VM, awaited as a Proxmox task; `start-from-iso` starts it and presses a key at the "boot from CD" prompt.',
  tags,
  access: 'builder',
  params: vmOwnerParamsSchema,
  body: powerRequestSchema,
  responses: { 200: vmActionResponseSchema, ...errorResponses('builder', [404, 409, 502, 504]) },
});

export const ejectVmMedia = defineEndpoint({
  method: 'POST',
  path: '/api/vms/:cluster_id/:vmid/eject',
  summary:
    'Eject the install ISO and the drivers ISO (the CD drives stay, empty; the disk boots first).',
  tags,
  access: 'builder',
  params: vmOwnerParamsSchema,
  responses: { 200: vmActionResponseSchema, ...errorResponses('builder', [404, 409, 502]) },
});

export const deleteVm = defineEndpoint({
  method: 'DELETE',
  path: '/api/vms/:cluster_id/:vmid',
  summary: 'Delete a stopped VM or template with its disks (refused while it runs).',
  tags,
  access: 'builder',
  params: vmOwnerParamsSchema,
  responses: { 200: vmActionResponseSchema, ...errorResponses('builder', [404, 409, 502]) },
});

export const openConsole = defineEndpoint({
  method: 'POST',
  path: '/api/vms/:cluster_id/:vmid/console',
  summary:
    'A one-time console ticket (valid seconds, bound to you and this VM) and the VNC password, for the console WebSocket.',
  tags,
  access: 'builder',
  params: vmOwnerParamsSchema,
  responses: { 200: consoleTicketResponseSchema, ...errorResponses('builder', [404, 409, 502]) },
});

/**
 * The console WebSocket (RFB bytes both ways). Documented here; the API registers it itself as
 * a WebSocket route (an upgrade, answered 101), checking session, ticket and Origin first.
 */
export const consoleSocket = {
  path: '/api/vms/:cluster_id/:vmid/console/ws',
  params: vmOwnerParamsSchema,
  query: consoleSocketQuerySchema,
} as const;

export const vmActionParams = vmOwnerParamsSchema;
export type VmActionParams = z.infer<typeof vmOwnerParamsSchema>;
