import { expect, it } from 'vitest';
import { API } from '../src/index.js';
it('resolves', () => expect(API).toBe('api'));
