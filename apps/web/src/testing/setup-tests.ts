import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { setCsrfToken } from '../lib/api-client.js';
import { FakeEventSource } from './fake-event-source.js';
import { server } from './server.js';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  setCsrfToken(undefined);
  vi.unstubAllGlobals();
});
afterAll(() => server.close());
