import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../../chromium';

/** The 10,000-service bench; `run.sh` builds and generates what it starts. */
export default defineConfig({
  testDir: '.',
  testMatch: 'bench.spec.ts',
  timeout: 900_000,
  expect: { timeout: 120_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../../test-results/bench-10k-output',
  use: {
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    launchOptions: chromiumLaunchOptions,
  },
});
