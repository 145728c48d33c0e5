import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

/**
 * After a rotation, for a key that was made for (or tagged with) a site (issue 17): opens that
 * site in a new tab, nothing more. The new key reaches the page only when the user then uses
 * "Fill a new Venice key" on its field, where the new key (which took over the site) is offered.
 */
export function OpenSiteToFill({ origin, host }: { origin: string; host: string }) {
  const [error, setError] = useState<string | null>(null);
  async function open() {
    setError(null);
    try {
      await browser.tabs.create({ url: origin });
    } catch {
      setError(
        `Could not open ${host}. Open it yourself, then use “Fill a new Venice key” on its key field.`,
      );
    }
  }
  return (
    <div class="open-site">
      <p class="muted">
        The old key was used on {host}. Put the new one there: open the site, click into its key field and use
        “Fill a new Venice key”; the new key is offered first.
      </p>
      <button type="button" onClick={() => void open()}>
        Open {host} to fill the new key
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
