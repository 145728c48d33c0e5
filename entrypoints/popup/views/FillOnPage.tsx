import { browser } from 'wxt/browser';
import { type Action, useAction } from '@/components/useAction';
import { call } from '@/lib/messaging/client';

/**
 * "Fill a new Venice key" for the tab under the popup (issue 17): the background checks the page
 * and its focused field, then opens the confirm window; nothing is minted from this click.
 */
export function FillOnPage() {
  const beginning: Action<[]> = useAction(async () => {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) {
      beginning.setError('There is no tab here to fill a key into.');
      return;
    }
    await call('apps.beginForTab', { tabId: tab.id });
  });
  return (
    <>
      <button type="button" onClick={() => void beginning.run()} disabled={beginning.busy}>
        Fill a new Venice key
      </button>
      {beginning.error && (
        <p class="error" role="alert">
          {beginning.error.message}
        </p>
      )}
    </>
  );
}
