import { useState } from 'preact/hooks';
import { useAction } from '@/components/useAction';
import { call } from '@/lib/messaging/client';
import { keySites } from '../sites';

/**
 * Where this key is used (issue 17): the site it was made for, linked; for a key made elsewhere,
 * a site the user tags it with by hand.
 */
export function KeySite({ keyId, name }: { keyId: string; name: string }) {
  const site = keySites.value.get(keyId);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  // Tagging and untagging share one busy flag and one error line, as they always have.
  const action = useAction((work: () => Promise<void>) => work());
  const busy = action.busy;

  function tag(event: Event) {
    event.preventDefault();
    void action.run(async () => {
      const map = await call('apps.tag', { keyId, site: text });
      keySites.value = new Map(keySites.value).set(keyId, {
        ...(map[keyId] as NonNullable<(typeof map)[string]>),
        host: new URL((map[keyId] as NonNullable<(typeof map)[string]>).origin).host,
      });
      setEditing(false);
      setText('');
    });
  }

  function untag() {
    void action.run(async () => {
      await call('apps.untag', { keyId });
      const next = new Map(keySites.value);
      next.delete(keyId);
      keySites.value = next;
    });
  }

  return (
    <section class="key-site" aria-label="Where this key is used">
      {site ? (
        <p>
          Used on{' '}
          <a href={site.origin} target="_blank" rel="noopener noreferrer">
            {site.host}
          </a>
          {site.how === 'filled'
            ? ` (filled in ${site.at.slice(0, 10)}${site.title ? `, “${site.title}”` : ''})`
            : ' (tagged by you)'}{' '}
          {site.how === 'tagged' && (
            <button
              type="button"
              onClick={untag}
              disabled={busy}
              aria-label={`Remove the site tag of ${name}`}
            >
              Remove tag
            </button>
          )}
        </p>
      ) : editing ? (
        <form onSubmit={tag} class="row">
          <label class="grow">
            Site this key is used on
            <input
              type="text"
              value={text}
              placeholder="app.example.com"
              spellcheck={false}
              onInput={(e) => setText(e.currentTarget.value)}
            />
          </label>
          <button type="submit" disabled={busy || text.trim() === ''}>
            Save site
          </button>
          <button type="button" onClick={() => setEditing(false)} disabled={busy}>
            Cancel
          </button>
        </form>
      ) : (
        <p class="muted">
          Not tied to a site.{' '}
          <button type="button" onClick={() => setEditing(true)} aria-label={`Tag ${name} with a site`}>
            Tag with a site
          </button>
        </p>
      )}
      {action.error && (
        <p class="error" role="alert">
          {action.error.message}
        </p>
      )}
    </section>
  );
}
