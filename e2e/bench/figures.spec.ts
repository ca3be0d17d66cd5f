import { test } from '../support/fixtures.js';
import { kib, measureBundle } from './bundle-size.js';

// Figures only, never assertions on timing: printed for the README and the lead's report.

test('production bundle size of the SPA (gzip)', () => {
  const files = measureBundle();
  const total = files.reduce(
    (sum, f) => ({ bytes: sum.bytes + f.bytes, gzip: sum.gzip + f.gzip }),
    {
      bytes: 0,
      gzip: 0,
    },
  );
  for (const f of files) console.log(`  ${f.file}: ${kib(f.bytes)} raw, ${kib(f.gzip)} gzip`);
  console.log(`SPA bundle: ${kib(total.bytes)} raw, ${kib(total.gzip)} gzip (level 9, no maps)`);
});

declare global {
  interface Window {
    __benchOpened?: number;
    __benchFirstIso?: number;
  }
}

test('time from opening Build from Scratch to the first node’s ISOs on screen', async ({
  page,
  sim,
  signIn,
}) => {
  const runs = 7;
  const samples: number[] = [];
  await sim.control('GET', '/health');
  await signIn('teacher');
  for (let i = 0; i < runs; i++) {
    // A fresh page each time, so no ISO list is cached in the browser.
    await page.goto('/template-builder');
    await page.getByRole('button', { name: 'Build from Scratch' }).waitFor();
    await page.evaluate(() => {
      delete window.__benchOpened;
      delete window.__benchFirstIso;
      document.addEventListener(
        'click',
        (event) => {
          if ((event.target as HTMLElement).textContent?.trim() === 'Build from Scratch')
            window.__benchOpened = performance.now();
        },
        { capture: true },
      );
      new MutationObserver((_changes, observer) => {
        if (document.querySelector('[role="dialog"] input[type="radio"][name="iso-choice"]')) {
          window.__benchFirstIso = performance.now();
          observer.disconnect();
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByRole('button', { name: 'Build from Scratch' }).click();
    await page.getByRole('dialog').getByRole('radio').first().waitFor();
    const ms = await page.evaluate(
      () => (window.__benchFirstIso ?? NaN) - (window.__benchOpened ?? NaN),
    );
    samples.push(ms);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  console.log(
    `form open -> first node's ISOs on screen: median ${median.toFixed(0)} ms, ` +
      `min ${sorted[0]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms over ${runs} runs ` +
      `(${samples.map((s) => s.toFixed(0)).join(', ')})`,
  );
});
