import { z } from 'zod';
import {
  changePasswordRequestSchema,
  changePasswordResponseSchema,
  createdTokenResponseSchema,
  createTokenRequestSchema,
  loginRequestSchema,
  selectClusterRequestSchema,
  sessionResponseSchema,
  tokenListResponseSchema,
} from '../auth.js';
import { defineEndpoint, errorResponses } from '../endpoint.js';

const tags = ['auth'] as const;
const okSchema = z.object({ ok: z.literal(true) });
export const tokenParamsSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id must be a token id'),
});

export const login = defineEndpoint({
  method: 'POST',
  path: '/api/auth/login',
  summary: 'Sign in; sets an HttpOnly session cookie and returns the CSRF token.',
  tags,
  access: 'public',
  body: loginRequestSchema,
  responses: { 200: sessionResponseSchema, ...errorResponses('public', [401, 429]) },
});

export const logout = defineEndpoint({
  method: 'POST',
  path: '/api/auth/logout',
  summary: 'Sign out and revoke the session.',
  tags,
  access: 'user',
  responses: { 200: okSchema, ...errorResponses('user') },
});

export const getSession = defineEndpoint({
  method: 'GET',
  path: '/api/auth/session',
  summary: 'The signed-in user, the CSRF token and the selected cluster.',
  tags,
  access: 'user',
  responses: { 200: sessionResponseSchema, ...errorResponses('user') },
});

export const selectCluster = defineEndpoint({
  method: 'PUT',
  path: '/api/auth/session/cluster',
  summary: 'Remember the cluster this session works on.',
  tags,
  access: 'user',
  body: selectClusterRequestSchema,
  responses: { 200: sessionResponseSchema, ...errorResponses('user', [404]) },
});

export const changePassword = defineEndpoint({
  method: 'POST',
  path: '/api/auth/password',
  summary:
    "Change one's password; revokes every other session, and the personal API tokens when revoke_tokens is true (the answer says how many still work).",
  tags,
  access: 'user',
  body: changePasswordRequestSchema,
  responses: { 200: changePasswordResponseSchema, ...errorResponses('user') },
});

export const listTokens = defineEndpoint({
  method: 'GET',
  path: '/api/auth/tokens',
  summary: "The caller's personal API tokens (never their secrets).",
  tags,
  access: 'user',
  responses: { 200: tokenListResponseSchema, ...errorResponses('user') },
});

export const createToken = defineEndpoint({
  method: 'POST',
  path: '/api/auth/tokens',
  summary: 'Create a personal API token for scripts; the secret is shown once.',
  tags,
  access: 'user',
  body: createTokenRequestSchema,
  responses: { 201: createdTokenResponseSchema, ...errorResponses('user') },
});

export const revokeToken = defineEndpoint({
  method: 'DELETE',
  path: '/api/auth/tokens/:id',
  summary: 'Revoke a personal API token.',
  tags,
  access: 'user',
  params: tokenParamsSchema,
  responses: { 200: okSchema, ...errorResponses('user', [404]) },
});
