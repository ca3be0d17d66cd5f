import { expectAccessible } from '../support/axe.js';
import { expect, test } from '../support/fixtures.js';

test('a student sees the builder is for teachers and the API refuses with 403', async ({
  page,
  sim,
  signIn,
}, testInfo) => {
  await signIn('student');
  await expect(
    page.getByRole('heading', { name: 'The Template Builder is for teachers' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Build from Scratch' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'API docs' })).toHaveCount(0);
  await expectAccessible(page, testInfo, 'student');
  await page.screenshot({ path: testInfo.outputPath('student.png'), fullPage: true });

  // The same session, straight at the API: reads and a build with a valid CSRF token both refused.
  const isos = await page.request.get('/api/vm-builder/isos');
  expect(isos.status()).toBe(403);
  const session = (await (await page.request.get('/api/auth/session')).json()) as {
    csrf_token: string;
    user: { role: string };
  };
  expect(session.user.role).toBe('student');
  const before = await sim.api<unknown[]>('GET', '/cluster/resources', { type: 'vm' });
  const build = await page.request.post('/api/vm-builder/build', {
    headers: { 'x-csrf-token': session.csrf_token },
    data: {
      vm_name: 'ubuntu-test',
      os_type: 'ubuntu',
      iso_file: 'local:iso/ubuntu-22.04-live-server-amd64.iso',
      cpu_cores: 2,
      memory_mb: 2048,
      disk_size_gb: 32,
      storage: 'local-lvm',
      network_bridge: 'vmbr0',
    },
  });
  expect(build.status()).toBe(403);
  expect(((await build.json()) as { ok?: boolean }).ok).toBe(false);
  expect(await sim.api<unknown[]>('GET', '/cluster/resources', { type: 'vm' })).toHaveLength(
    before.length,
  );
});
