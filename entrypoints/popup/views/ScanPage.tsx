import { browser } from 'wxt/browser';
import { useAction } from '@/components/useAction';
import { call } from '@/lib/messaging/client';
import type { PopupState } from '../state';

/**
 * "Scan this page for my keys": the tab this popup was opened on, once, when asked. The click on
 * the toolbar button that opened the popup granted `activeTab` for that tab; the background reads
 * its text and opens the leak window on the result (nothing is sent anywhere).
 */
export function ScanPageButton({ state }: { state: PopupState }) {
  const scanning = useAction(
    async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      const own = browser.runtime.getURL('/');
      if (tab?.id === undefined || tab.url?.startsWith(own)) {
        state.notice.value = {
          kind: 'error',
          text: 'Open the page you want to scan, then open this popup on it and choose “Scan this page” again.',
        };
        return;
      }
      await call('leaks.scanTab', { tabId: tab.id });
    },
    {
      onError: (failure) => {
        state.notice.value = { kind: 'error', text: `Could not scan the page: ${failure.message}` };
      },
    },
  );
  const busy = scanning.busy;
  return (
    <button
      type="button"
      onClick={() => void scanning.run()}
      aria-busy={busy}
      aria-label="Scan this page for my keys"
    >
      {busy ? 'Scanning…' : 'Scan this page'}
    </button>
  );
}
