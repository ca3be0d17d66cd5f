import { z } from 'zod';
import { defineEndpoint, errorResponses } from '../endpoint.js';
import {
  jobEventSchema,
  jobListQuerySchema,
  jobListResponseSchema,
  jobResponseSchema,
} from '../jobs.js';

const tags = ['jobs'] as const;
export const jobParamsSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id must be a job id'),
});

export const listJobs = defineEndpoint({
  method: 'GET',
  path: '/api/vm-builder/jobs',
  summary: 'Build jobs, newest first. Teachers see their own; admins see all.',
  tags,
  access: 'builder',
  query: jobListQuerySchema,
  responses: { 200: jobListResponseSchema, ...errorResponses('builder') },
});

export const getJob = defineEndpoint({
  method: 'GET',
  path: '/api/vm-builder/jobs/:id',
  summary: 'One job with its steps, warnings and result.',
  tags,
  access: 'builder',
  params: jobParamsSchema,
  responses: { 200: jobResponseSchema, ...errorResponses('builder', [404]) },
});

export const jobEvents = defineEndpoint({
  method: 'GET',
  path: '/api/vm-builder/jobs/:id/events',
  summary:
    'Server-Sent Events: every step and log line, then `done` with the job. Reconnect with Last-Event-ID to resume.',
  tags,
  access: 'builder',
  params: jobParamsSchema,
  stream: true,
  responses: { 200: jobEventSchema, ...errorResponses('builder', [404]) },
});

export const cancelJob = defineEndpoint({
  method: 'POST',
  path: '/api/vm-builder/jobs/:id/cancel',
  summary: 'Cancel a queued or running job: stops the Proxmox task and removes what it made.',
  tags,
  access: 'builder',
  params: jobParamsSchema,
  responses: { 200: jobResponseSchema, ...errorResponses('builder', [404, 409]) },
});
