import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';

/** The scale test bed's suites; `run.sh` builds what they start. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 300_000,
  expect: { timeout: 30_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../test-results/scale-output',
  use: {
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
});
