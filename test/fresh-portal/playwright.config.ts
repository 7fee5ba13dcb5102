import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';

/** The fresh-portal checks, in Debian's headless Chromium; `run.sh` starts the app they open. */
export default defineConfig({
  testDir: '.',
  testMatch: 'freshPortal.spec.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../test-results/fresh-portal-output',
  use: {
    baseURL: process.env.FRESH_PORTAL_APP_URL,
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
});
