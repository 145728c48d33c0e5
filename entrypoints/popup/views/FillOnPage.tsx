import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { errorText } from '@/lib/error-message';
import { call } from '@/lib/messaging/client';

/**
 * "Fill a new Venice key" for the tab under the popup (issue 17): the background checks the page
 * and its focused field, then opens the confirm window; nothing is minted from this click.
 */
export function FillOnPage() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function begin() {
    setBusy(true);
    setError(null);
    try {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined) throw new Error('no tab');
      await call('apps.beginForTab', { tabId: tab.id });
    } catch (err) {
      setError(
        err instanceof Error && err.message === 'no tab'
          ? 'There is no tab here to fill a key into.'
          : errorText(err),
      );
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" onClick={() => void begin()} disabled={busy}>
        Fill a new Venice key
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
