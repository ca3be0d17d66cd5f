import { z } from 'zod';
import {
  createUserRequestSchema,
  updateUserRequestSchema,
  userListResponseSchema,
  userResponseSchema,
} from '../auth.js';
import { defineEndpoint, errorResponses } from '../endpoint.js';
import { auditListResponseSchema } from '../system.js';
import {
  assignVmOwnerRequestSchema,
  vmOwnerListResponseSchema,
  vmOwnerParamsSchema,
  vmOwnerResponseSchema,
} from '../vm-owners.js';

const tags = ['admin'] as const;
export const userParamsSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id must be a user id'),
});
export const auditQuerySchema = z.object({
  page: z.coerce.number().int().min(1, 'page must be an integer from 1').default(1),
  page_size: z.coerce
    .number()
    .int()
    .min(1, 'page_size must be an integer between 1 and 200')
    .max(200, 'page_size must be an integer between 1 and 200')
    .default(50),
});

export const listUsers = defineEndpoint({
  method: 'GET',
  path: '/api/admin/users',
  summary: 'Local accounts.',
  tags,
  access: 'admin',
  responses: { 200: userListResponseSchema, ...errorResponses('admin') },
});

export const createUser = defineEndpoint({
  method: 'POST',
  path: '/api/admin/users',
  summary: 'Create a local account.',
  tags,
  access: 'admin',
  body: createUserRequestSchema,
  responses: { 201: userResponseSchema, ...errorResponses('admin', [409]) },
});

export const updateUser = defineEndpoint({
  method: 'PATCH',
  path: '/api/admin/users/:id',
  summary: "Change a user's role or password, or disable it (revokes its sessions).",
  tags,
  access: 'admin',
  params: userParamsSchema,
  body: updateUserRequestSchema,
  responses: { 200: userResponseSchema, ...errorResponses('admin', [404]) },
});

export const listAudit = defineEndpoint({
  method: 'GET',
  path: '/api/admin/audit',
  summary: 'Who built, converted, cancelled or finalised what, with the outcome; newest first.',
  tags,
  access: 'admin',
  query: auditQuerySchema,
  responses: { 200: auditListResponseSchema, ...errorResponses('admin') },
});

export const listVmOwners = defineEndpoint({
  method: 'GET',
  path: '/api/admin/vm-owners',
  summary:
    'Which teacher may act on which VM (built in LabForge, or assigned by an administrator).',
  tags,
  access: 'admin',
  responses: { 200: vmOwnerListResponseSchema, ...errorResponses('admin') },
});

export const assignVmOwner = defineEndpoint({
  method: 'PUT',
  path: '/api/admin/vm-owners/:cluster_id/:vmid',
  summary:
    'Let a teacher act on a VM (finalise, console, power, delete): for VMs LabForge did not build, or to hand one over.',
  tags,
  access: 'admin',
  params: vmOwnerParamsSchema,
  body: assignVmOwnerRequestSchema,
  responses: { 200: vmOwnerResponseSchema, ...errorResponses('admin', [404]) },
});

export const releaseVmOwner = defineEndpoint({
  method: 'DELETE',
  path: '/api/admin/vm-owners/:cluster_id/:vmid',
  summary: 'Make a VM admin-only again.',
  tags,
  access: 'admin',
  params: vmOwnerParamsSchema,
  responses: { 200: z.object({ ok: z.literal(true) }), ...errorResponses('admin', [404]) },
});
