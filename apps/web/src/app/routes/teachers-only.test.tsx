import { screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { defaultHandlers } from '../../testing/handlers.js';
import { renderApp } from '../../testing/render-app.js';
import { server } from '../../testing/server.js';

it('tells a student that the builder is for teachers instead of showing a broken page', async () => {
  server.use(...defaultHandlers('student'));
  renderApp('/template-builder');
  expect(
    await screen.findByRole('heading', { name: 'The Template Builder is for teachers' }),
  ).toBeVisible();
  expect(screen.getByText(/Only teachers and administrators can build/)).toBeVisible();
  expect(screen.queryByRole('button', { name: 'Build from Scratch' })).not.toBeInTheDocument();
  expect(screen.getByLabelText('Signed in user')).toHaveTextContent('student');
  expect(screen.getByLabelText('Signed in user')).toHaveTextContent('Student');
});

it('shows a student the same message on a job page', async () => {
  server.use(...defaultHandlers('student'));
  renderApp('/jobs/job-1');
  expect(
    await screen.findByRole('heading', { name: 'The Template Builder is for teachers' }),
  ).toBeVisible();
});
