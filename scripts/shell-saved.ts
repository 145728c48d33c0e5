/** For the bench and the A/B scripts: waiting until a popup has saved the list's shell. */
import type { Page } from '@playwright/test';

/**
 * Resolves once the list's shell is stored: now, or on the storage change that brings it (read
 * from the harness page, not the popup). Not a `waitForFunction` with an async predicate: that
 * takes the returned promise for a truthy answer and returns at once, so the warm opens measured
 * by the bench used to find no shell most of the time (and timed the live list as "painted").
 */
export function listShellSaved(harness: Page): Promise<void> {
  return harness.evaluate(
    () =>
      new Promise<void>((done) => {
        // (Anonymous callbacks only: see the note above blankLoaded. The listener stays: a harness page.)
        // `keys.shell`, or the list's record for builds before 2026-11-30 (A/B runs load both).
        chrome.storage.onChanged.addListener((changes) => {
          for (const key of ['keys.shell', 'keys.cache'])
            if (typeof (changes[key]?.newValue as { shell?: unknown } | undefined)?.shell === 'string')
              done();
        });
        void chrome.storage.local.get(['keys.shell', 'keys.cache']).then((got) => {
          for (const key of ['keys.shell', 'keys.cache'])
            if (typeof (got[key] as { shell?: unknown } | undefined)?.shell === 'string') done();
        });
      }),
  );
}
