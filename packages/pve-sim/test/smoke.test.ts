import { expect, it } from 'vitest';
import { PVE_SIM } from '../src/index.js';
it('resolves', () => expect(PVE_SIM).toBe('pve-sim'));
