import { expect, it } from 'vitest';
import { PVE_CLIENT } from '../src/index.js';
it('resolves', () => expect(PVE_CLIENT).toBe('pve-client'));
