import { expect, it } from 'vitest';
import * as api from '../src/index.js';

it('exports the app factory, the server start and the demo launcher', () => {
  expect(Object.keys(api).sort()).toEqual([
    'ConfigError',
    'buildApp',
    'loadConfig',
    'parseConfig',
    'startApi',
    'startDemo',
  ]);
});
