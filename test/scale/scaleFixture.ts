import { test as base } from '@playwright/test';
import { userToken } from './scaleClient';
import { newRunDir, ScaleStack } from './scaleStack';

/** How often the scheduled tasks run on the test bed: short, so a takeover shows in seconds. */
export const TASK_INTERVAL_SECONDS = 5;

/**
 * One test bed for every suite of the run (Playwright's worker scope, one worker): starting it
 * takes half a minute, and the suites leave it as they found it (a replica they stop, they
 * start again).
 */
export const test = base.extend<{}, { stack: ScaleStack; token: string }>({
  stack: [
    async ({}, use) => {
      const stack = new ScaleStack({
        runDir: newRunDir('bed'),
        taskIntervalSeconds: TASK_INTERVAL_SECONDS,
      });
      try {
        await stack.start();
        await use(stack);
      } finally {
        await stack.stop();
      }
    },
    { scope: 'worker', timeout: 300_000 },
  ],
  token: [
    async ({ stack }, use) => {
      await use(await userToken(stack.portalUrl));
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
