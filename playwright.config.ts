import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  // A ceiling for the whole run (about 5 min quiet, 7.5 min under load): a hang fails with Playwright's
  // own report instead of running into CI's limit.
  globalTimeout: 25 * 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'off', screenshot: 'off', video: 'off' },
});
