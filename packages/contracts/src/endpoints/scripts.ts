import { defineEndpoint, errorResponses } from '../endpoint.js';
import {
  guestScriptDeletedSchema,
  guestScriptInputSchema,
  guestScriptListResponseSchema,
  guestScriptResponseSchema,
  scriptParamsSchema,
  scriptRunJobResultSchema,
  scriptRunRequestSchema,
} from '../guest-scripts.js';
import { jobAcceptedSchema } from '../jobs.js';

const tags = ['scripts'] as const;

export const listScripts = defineEndpoint({
  method: 'GET',
  path: '/api/scripts',
  summary: 'Post-deployment scripts: your own (administrators: everyone’s).',
  tags,
  access: 'builder',
  responses: { 200: guestScriptListResponseSchema, ...errorResponses('builder') },
});

export const createScript = defineEndpoint({
  method: 'POST',
  path: '/api/scripts',
  summary:
    'Save a script (shell for Linux guests, PowerShell for Windows guests). `{name}`, `{index}` and `{vmid}` in the body become references to variables the guest receives as data.',
  tags,
  access: 'builder',
  body: guestScriptInputSchema,
  responses: { 200: guestScriptResponseSchema, ...errorResponses('builder') },
});

export const getScript = defineEndpoint({
  method: 'GET',
  path: '/api/scripts/:id',
  summary: 'One script (its owner or an administrator).',
  tags,
  access: 'builder',
  params: scriptParamsSchema,
  responses: { 200: guestScriptResponseSchema, ...errorResponses('builder', [404]) },
});

export const updateScript = defineEndpoint({
  method: 'PUT',
  path: '/api/scripts/:id',
  summary: 'Replace a script’s name, language, description, body and timeout.',
  tags,
  access: 'builder',
  params: scriptParamsSchema,
  body: guestScriptInputSchema,
  responses: { 200: guestScriptResponseSchema, ...errorResponses('builder', [404]) },
});

export const deleteScript = defineEndpoint({
  method: 'DELETE',
  path: '/api/scripts/:id',
  summary: 'Delete a script (runs already recorded keep their copy).',
  tags,
  access: 'builder',
  params: scriptParamsSchema,
  responses: { 200: guestScriptDeletedSchema, ...errorResponses('builder', [404]) },
});

export const runScript = defineEndpoint({
  method: 'POST',
  path: '/api/scripts/:id/run',
  summary:
    'Run a script on existing VMs through the QEMU guest agent (each VM must be yours): starts stopped VMs, waits for the agent, records exit code, stdout and stderr per VM. A run-script job.',
  tags,
  access: 'builder',
  params: scriptParamsSchema,
  body: scriptRunRequestSchema,
  responses: {
    200: scriptRunJobResultSchema,
    202: jobAcceptedSchema,
    ...errorResponses('builder', [404, 502, 503]),
  },
});
