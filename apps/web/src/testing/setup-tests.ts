import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { setCsrfToken } from '../lib/api-client.js';
import { FakeEventSource } from './fake-event-source.js';
import { server } from './server.js';

// findBy*/waitFor give up after 1 s by default, which a loaded 2-core CI machine can exceed
// while rendering the build dialog; a slower render is not a failure, a missing element is.
configure({ asyncUtilTimeout: 5_000 });

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
