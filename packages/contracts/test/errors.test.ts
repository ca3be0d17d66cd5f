import { expect, it } from 'vitest';
import { errorBodySchema } from '../src/index.js';

it('accepts the error body and refuses an ok one', () => {
  expect(errorBodySchema.safeParse({ ok: false, error: 'x' }).success).toBe(true);
  expect(errorBodySchema.safeParse({ ok: true, error: 'x' }).success).toBe(false);
});
