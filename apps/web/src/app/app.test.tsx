import { render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { App } from './app.js';

it('shows the product name as the page heading', () => {
  render(<App />);
  expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('LabForge');
});
