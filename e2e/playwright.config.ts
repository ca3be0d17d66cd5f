import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser build.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Shared by the journeys (tests/) and the figures (bench/, `pnpm bench`). */
/** The journeys the issue names run at these three viewports; everything else once (1280x720). */
const RESPONSIVE = /responsive\.spec\.ts$/;

export function labforgeConfig(testDir: string) {
  return defineConfig({
    testDir,
    outputDir: './test-results',
    // One demo (simulator + API + SPA) for the whole run, started from the built output.
    globalSetup: './support/global-setup.ts',
    timeout: 90_000,
    expect: { timeout: 15_000 },
    workers: 1,
    fullyParallel: false,
    forbidOnly: true,
    retries: 0,
    reporter: [['list']],
    use: {
      headless: true,
      screenshot: 'only-on-failure',
      trace: 'retain-on-failure',
      launchOptions: {
        executablePath,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    },
  });
}

const journeys = labforgeConfig('./tests');
export default defineConfig({
  ...journeys,
  projects: [
    { name: 'chromium', testIgnore: RESPONSIVE },
    {
      name: 'phone',
      testMatch: RESPONSIVE,
      use: {
        viewport: { width: 390, height: 844 },
        hasTouch: true,
        isMobile: true,
        deviceScaleFactor: 2,
      },
    },
    { name: 'tablet', testMatch: RESPONSIVE, use: { viewport: { width: 768, height: 1024 } } },
    { name: 'desktop', testMatch: RESPONSIVE, use: { viewport: { width: 1440, height: 900 } } },
  ],
});
