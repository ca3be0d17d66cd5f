import { z } from 'zod';
import { buildRequestSchema, bulkBuildRequestSchema } from '../build-request.js';
import { buildResultSchema, bulkResultSchema, preflightResponseSchema } from '../build-result.js';
import { defineEndpoint, errorResponses } from '../endpoint.js';
import {
  bridgeListResponseSchema,
  isoListResponseSchema,
  nodeListResponseSchema,
  poolListResponseSchema,
  storageListResponseSchema,
} from '../inventory.js';
import { jobAcceptedSchema } from '../jobs.js';
import { osTypeListResponseSchema } from '../presets.js';
import { clusterIdSchema, nodeNameSchema } from '../primitives.js';

const tags = ['vm-builder'] as const;

/** Every builder endpoint takes the cluster from the session, or from `cluster_id`. */
export const clusterQuerySchema = z.object({ cluster_id: clusterIdSchema.optional() });

const queryFlag = z
  .enum(['1', '0', 'true', 'false'], { error: 'refresh must be 1, 0, true or false' })
  .transform((v) => v === '1' || v === 'true');

export const isoQuerySchema = clusterQuerySchema.extend({
  node: nodeNameSchema.optional(),
  /** Bypass the seconds-long inventory cache. */
  refresh: queryFlag.optional(),
});
export const storageQuerySchema = clusterQuerySchema.extend({ node: nodeNameSchema.optional() });
export const bridgeQuerySchema = clusterQuerySchema.extend({ node: nodeNameSchema });

export const buildVm = defineEndpoint({
  method: 'POST',
  path: '/api/vm-builder/build',
  summary:
    'Build a VM (optionally a template) from an ISO. Waits for the build unless "async": true or Prefer: respond-async, then answers 202 with the job.',
  tags,
  access: 'builder',
  query: clusterQuerySchema,
  body: buildRequestSchema,
  responses: {
    200: buildResultSchema,
    202: jobAcceptedSchema,
    ...errorResponses('builder', [404, 409, 422, 502, 503, 507]),
  },
});

export const buildBulk = defineEndpoint({
  method: 'POST',
  path: '/api/vm-builder/build-bulk',
  summary: 'Build several VMs with one configuration and a name pattern, as one job.',
  tags,
  access: 'builder',
  query: clusterQuerySchema,
  body: bulkBuildRequestSchema,
  responses: {
    200: bulkResultSchema,
    202: jobAcceptedSchema,
    ...errorResponses('builder', [404, 409, 422, 502, 503, 507]),
  },
});

export const preflightBuild = defineEndpoint({
  method: 'POST',
  path: '/api/vm-builder/preflight',
  summary: 'Dry run: where the VM would go, the config it would get, and what would stop it.',
  tags,
  access: 'builder',
  query: clusterQuerySchema,
  body: buildRequestSchema,
  responses: { 200: preflightResponseSchema, ...errorResponses('builder', [404, 502]) },
});

export const listIsos = defineEndpoint({
  method: 'GET',
  path: '/api/vm-builder/isos',
  summary: 'ISO images of every node and storage (or one node), with per-node status.',
  tags,
  access: 'builder',
  query: isoQuerySchema,
  responses: { 200: isoListResponseSchema, ...errorResponses('builder', [404, 502]) },
});

export const listStorages = defineEndpoint({
  method: 'GET',
  path: '/api/vm-builder/storages',
  summary: 'Storages that can hold VM disks, with free space, per node.',
  tags,
  access: 'builder',
  query: storageQuerySchema,
  responses: { 200: storageListResponseSchema, ...errorResponses('builder', [404, 502]) },
});

export const listNodes = defineEndpoint({
  method: 'GET',
  path: '/api/vm-builder/nodes',
  summary: 'Nodes of the cluster with their status and load.',
  tags,
  access: 'builder',
  query: clusterQuerySchema,
  responses: { 200: nodeListResponseSchema, ...errorResponses('builder', [502]) },
});

export const listBridges = defineEndpoint({
  method: 'GET',
  path: '/api/vm-builder/bridges',
  summary: 'Network bridges of a node.',
  tags,
  access: 'builder',
  query: bridgeQuerySchema,
  responses: { 200: bridgeListResponseSchema, ...errorResponses('builder', [404, 502]) },
});

export const listPools = defineEndpoint({
  method: 'GET',
  path: '/api/vm-builder/pools',
  summary:
    "Proxmox resource pools a class's VMs may be put in, with their comments; `complete` is false when LabForge's Proxmox account may not see every pool (it lacks Pool.Audit).",
  tags,
  access: 'builder',
  query: clusterQuerySchema,
  responses: { 200: poolListResponseSchema, ...errorResponses('builder', [502]) },
});

export const listOsTypes = defineEndpoint({
  method: 'GET',
  path: '/api/vm-builder/os-types',
  summary: 'OS types and the hardware preset each one gets.',
  tags,
  access: 'builder',
  responses: { 200: osTypeListResponseSchema, ...errorResponses('builder') },
});
