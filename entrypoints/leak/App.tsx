import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { useFocusTrap } from '@/components/focus';
import { needsSecondStep, OwnKeyRevokeDialog, type OwnUse, ownUseOf } from '@/components/OwnKeyRevoke';
import { errorCode, errorText } from '@/lib/error-message';
import type { LeakMatch } from '@/lib/leaks/match';
import type { LeakCheckResult, LeakSite, SitedLeakMatch } from '@/lib/leaks/service';
import { call } from '@/lib/messaging/client';
import type { ApiKey } from '@/lib/venice/types';
import { relativeTime, usd } from '../popup/format';
import { Rotation } from './Rotation';

type Load =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'done'; result: LeakCheckResult };

/** What happened to one match in this window. */
type Outcome =
  | { kind: 'idle' }
  | { kind: 'confirm' }
  /** The key is the management or badge key: a second, explicit step says what stops working. */
  | { kind: 'own'; use: OwnUse }
  | { kind: 'revoking' }
  | { kind: 'revoked'; already: boolean; vaultLabel: string | null }
  | { kind: 'failed'; message: string }
  | { kind: 'dismissed' }
  | { kind: 'rotating' };

function ticketFromHash(): string {
  return decodeURIComponent(location.hash.replace(/^#/, ''));
}

/**
 * The window's one read: the held text's result; the background forgets the text once it has
 * answered. main.tsx sends it before the first render, so the answer is on its way while the
 * page renders its heading.
 */
export function redeemTicket(): Promise<LeakCheckResult> {
  performance.mark('vkc:leak-asked');
  return call('leaks.redeem', { ticket: ticketFromHash() }).then((result) => {
    performance.mark('vkc:leak-answered');
    return result;
  });
}

/**
 * The leak check's window: what the selected text holds, which of it is this account's, and
 * Revoke / Rotate / Not mine for each match. It gets masked results only (prefix and last 6).
 */
export function App({ answer }: { answer?: Promise<LeakCheckResult> }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  useEffect(() => {
    (answer ?? redeemTicket())
      .then((result) => setLoad({ state: 'done', result }))
      .catch((err: unknown) => setLoad({ state: 'failed', message: errorText(err) }));
  }, []);

  return (
    <main class="leak">
      <h1>Venice key check</h1>
      {load.state === 'loading' && <p aria-live="polite">Checking the selected text…</p>}
      {load.state === 'failed' && (
        <p role="alert" class="error">
          {load.message}
        </p>
      )}
      {load.state === 'done' && <Result result={load.result} />}
    </main>
  );
}

/** Why this account's keys could not be compared, and what to do; null when they could. */
function accessProblem(result: LeakCheckResult): string | null {
  switch (result.access.state) {
    case 'no_vault':
      return 'Set up the vault and add your ADMIN key on the options page: then this check can tell your keys.';
    case 'locked':
      return 'The vault is locked. Unlock it on the options page, then check again: until then your keys and saved secrets cannot be compared.';
    case 'no_management_key':
      return 'No ADMIN key is chosen to manage keys with, so this account’s key list is unknown. Choose or add one on the options page, then check again.';
    case 'inference_only':
      return 'Only an INFERENCE key is in the vault, and it cannot list this account’s keys. Add an ADMIN key on the options page, then check again.';
    default:
      return null;
  }
}

function openOptions(): void {
  void browser.runtime.openOptionsPage();
}

function Result({ result }: { result: LeakCheckResult }) {
  const problem = accessProblem(result);
  // `npm run bench`: the matches are in the DOM (painted in the frame that follows), as the
  // popup's and the usage view's marks; a layout effect, not rAF, which would time the frame
  // scheduling of a window Chromium may not show yet (the leak-check budget).
  useLayoutEffect(() => {
    performance.mark('vkc:leak-shown');
  }, []);
  const page = result.source.kind === 'page' ? result.source : null;
  const where = page ? 'on this page' : 'in the selected text';
  return (
    <>
      {page && (
        <p>
          Scanned <strong>{page.title || page.origin}</strong> <span class="muted">({page.origin})</span>: its
          text and what is typed in its fields.
        </p>
      )}
      {problem && (
        <div class="leak-problem" role="status">
          <p>{problem}</p>
          <button type="button" onClick={openOptions}>
            Open the options page
          </button>
        </div>
      )}
      {result.truncated && (
        <p class="muted">The text was very long: only its first 2 million characters were read.</p>
      )}
      {result.matches.length === 0 ? (
        <p>No Venice key {where}.</p>
      ) : (
        <>
          <p class="muted">
            {result.matches.length === 1 ? 'One Venice key' : `${result.matches.length} Venice keys`} {where}
            {result.dropped > 0 ? ` (and ${result.dropped} more not shown)` : ''}. Checked locally: the text
            was sent nowhere.
          </p>
          <ul class="leak-matches">
            {result.matches.map((m) => (
              <li key={`${m.masked}:${m.vault?.entryId ?? ''}`}>
                <MatchCard match={m} result={result} checkable={problem === null} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function usageText(key: ApiKey): string | null {
  const period = key.currentPeriodUsage;
  if (period) {
    const when =
      key.limitPeriod === 'MONTH' ? 'this month' : key.limitPeriod === 'LIFETIME' ? 'in total' : 'today';
    return `${usd(period.usd)} ${when}`;
  }
  if (key.trailingSevenDays) return `${usd(key.trailingSevenDays.usd)} in the last 7 days`;
  return null;
}

/** "INFERENCE, last used 2 h ago, $4.95 this month" */
export function keyFacts(key: ApiKey, now: number): string {
  const parts = [String(key.apiKeyType)];
  parts.push(key.lastUsedAt ? `last used ${relativeTime(key.lastUsedAt, now)}` : 'never used');
  const spent = usageText(key);
  if (spent) parts.push(spent);
  return parts.join(', ');
}

function MatchCard({
  match,
  result,
  checkable,
}: {
  match: SitedLeakMatch;
  result: LeakCheckResult;
  checkable: boolean;
}) {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const key = match.live.length === 1 ? (match.live[0] as ApiKey) : null;
  const name = key ? key.description || 'Untitled key' : match.masked;
  const revokeButton = useRef<HTMLButtonElement>(null);
  /** Asked when the first confirm opens, so confirming it rarely waits. */
  const ownUse = useRef<Promise<OwnUse> | null>(null);

  function askToConfirm() {
    if (key) ownUse.current = ownUseOf(key.id, key);
    setOutcome({ kind: 'confirm' });
  }

  function backToIdle() {
    setOutcome({ kind: 'idle' });
    requestAnimationFrame(() => revokeButton.current?.focus());
  }

  async function confirmed() {
    const use = await (ownUse.current ?? Promise.resolve<OwnUse>({ management: false, badge: false }));
    if (needsSecondStep(use)) setOutcome({ kind: 'own', use });
    else void revoke();
  }

  async function revoke() {
    if (!key) return;
    setOutcome({ kind: 'revoking' });
    try {
      const done = await call('keys.revoke', { id: key.id });
      setOutcome({ kind: 'revoked', already: done.alreadyGone, vaultLabel: done.vaultCopy?.label ?? null });
    } catch (err) {
      if (errorCode(err) === 'messaging.background_unreachable') {
        // The worker stopped mid-revoke: ask Venice what stands rather than guess.
        setOutcome(await revokeOutcomeAfterLoss(key.id));
        return;
      }
      setOutcome({
        kind: 'failed',
        message: `Could not revoke ${name}: ${errorText(err)} The key is still live.`,
      });
    }
  }

  if (outcome.kind === 'dismissed')
    return (
      <p class="muted" role="status">
        {match.masked}: marked as not yours. Nothing was changed.
      </p>
    );

  const heading = headingOf(match, key, checkable, result.listProblem);
  const unlisted = checkable && match.live.length === 0;
  return (
    <article class="leak-match" aria-label={match.masked}>
      <h2>{heading}</h2>
      <p class="mono">{match.masked}</p>
      {key && <p>({keyFacts(key, result.now)})</p>}
      {match.site && <UsedOn site={match.site} />}
      {match.live.length > 1 && (
        <p>
          {match.live.length} of this account’s keys end in the same 6 characters:{' '}
          {match.live.map((k) => k.description || 'Untitled key').join(', ')}. Open them in the popup to tell
          which.
        </p>
      )}
      {match.vault && (
        <p>
          Its secret is in your vault as <strong>{match.vault.label}</strong>.
        </p>
      )}
      {unlisted && result.listProblem && (
        <p role="alert">
          Venice’s key list could not be fetched: {result.listProblem} Treat this key as live until a check
          against the list says otherwise, and check again once Venice answers.
        </p>
      )}
      {unlisted && !result.listProblem && result.unreadableKeys > 0 && (
        <p>
          Venice listed {result.unreadableKeys === 1 ? 'one key' : `${result.unreadableKeys} keys`} this
          extension could not read: this key may be {result.unreadableKeys === 1 ? 'that one' : 'one of them'}
          . Look for it on venice.ai before you rely on this.
        </p>
      )}
      {match.occurrences > 1 && <p class="muted">Found {match.occurrences} times in the text.</p>}
      {outcome.kind === 'revoked' && (
        <p role="status" class="ok">
          {outcome.already
            ? `${name} was already revoked or expired.`
            : `Revoked ${name}. It no longer works anywhere.`}
          {outcome.vaultLabel &&
            ` Its copy “${outcome.vaultLabel}” is still in the vault; remove it on the options page.`}
        </p>
      )}
      {outcome.kind === 'failed' && (
        <p role="alert" class="error">
          {outcome.message}
        </p>
      )}
      {outcome.kind === 'rotating' && key && (
        <Rotation
          id={key.id}
          name={name}
          site={match.site}
          onCreateFailed={(message) => setOutcome({ kind: 'failed', message })}
        />
      )}
      {outcome.kind === 'confirm' && key && (
        <RevokeConfirm
          name={name}
          last6={key.last6Chars}
          onCancel={backToIdle}
          onConfirm={() => void confirmed()}
        />
      )}
      {outcome.kind === 'own' && (
        <OwnRevokeConfirm
          name={`${name} …${key?.last6Chars ?? ''}`}
          use={outcome.use}
          onKeep={backToIdle}
          onRevoke={() => void revoke()}
        />
      )}
      {key && !checkable && (
        <p class="muted">Revoke and Rotate need the vault open with your ADMIN key (see above).</p>
      )}
      {key &&
        checkable &&
        outcome.kind !== 'revoked' &&
        outcome.kind !== 'confirm' &&
        outcome.kind !== 'own' &&
        outcome.kind !== 'rotating' && (
          <div class="actions">
            <button
              type="button"
              class="danger"
              ref={revokeButton}
              disabled={outcome.kind === 'revoking'}
              aria-busy={outcome.kind === 'revoking'}
              onClick={askToConfirm}
            >
              {outcome.kind === 'revoking' ? 'Revoking…' : 'Revoke'}
            </button>
            <button type="button" onClick={() => setOutcome({ kind: 'rotating' })}>
              Rotate
            </button>
            <button type="button" onClick={() => setOutcome({ kind: 'dismissed' })}>
              Not mine
            </button>
          </div>
        )}
    </article>
  );
}

/** Which app the leaked key belonged to, so the user knows where to put its replacement. */
function UsedOn({ site }: { site: LeakSite }) {
  return (
    <p>
      Used on{' '}
      <a href={site.origin} target="_blank" rel="noopener noreferrer">
        {site.host}
      </a>
      {site.how === 'tagged' ? ' (tagged by you)' : site.title ? ` (“${site.title}”)` : ''}
    </p>
  );
}

function headingOf(
  match: LeakMatch<ApiKey>,
  key: ApiKey | null,
  checkable: boolean,
  listProblem: string | null,
): preact.ComponentChild {
  if (key)
    return (
      <>
        This is your key <em>{key.description || 'Untitled key'}</em>
      </>
    );
  if (match.live.length > 1) return 'This is one of your keys';
  // The account's current list could not be had: nothing is said about whose key this is.
  if (checkable && listProblem)
    return match.vault
      ? 'This is a secret from your vault; whether it is a live key of this account could not be checked'
      : 'A Venice key, not compared with this account’s keys: the list could not be fetched';
  if (match.vault)
    return 'This is a secret from your vault, but not a live key of this account (revoked, expired, or another account’s)';
  if (!checkable) return 'A Venice key, not yet compared with this account’s keys';
  return 'This looks like a Venice key but is not one of this account’s';
}

/**
 * After the worker stopped during a revoke, whether it reached Venice is unknown: the list, asked
 * again, says whether the key is still there. Nothing is assumed either way.
 */
async function revokeOutcomeAfterLoss(id: string): Promise<Outcome> {
  try {
    const overview = await call('keys.refresh');
    if (overview.list.refreshError)
      return {
        kind: 'failed',
        message: `The extension stopped during the revoke, and Venice could not be asked whether it happened: ${overview.list.refreshError.message}`,
      };
    if (overview.list.keys.some((k) => k.id === id))
      return {
        kind: 'failed',
        message: 'The revoke did not finish: the key is still live. Revoke it again.',
      };
    return { kind: 'revoked', already: false, vaultLabel: null };
  } catch (err) {
    return { kind: 'failed', message: `The revoke may not have finished: ${errorText(err)}` };
  }
}

function RevokeConfirm({
  name,
  last6,
  onCancel,
  onConfirm,
}: {
  name: string;
  last6: string;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const dialog = useRef<HTMLElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  useFocusTrap(dialog, onCancel);
  useEffect(() => {
    safe.current?.focus();
  }, []);
  return (
    <section
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="leak-revoke-heading"
      aria-describedby="leak-revoke-text"
      class="leak-confirm"
      ref={dialog}
    >
      <h3 id="leak-revoke-heading">Revoke this key?</h3>
      <p id="leak-revoke-text">
        <strong>{name}</strong> <span class="mono">…{last6}</span> stops working immediately, for every app
        using it. This cannot be undone.
      </p>
      <div class="actions">
        <button type="button" ref={safe} onClick={onCancel}>
          Cancel
        </button>
        <button type="button" class="danger" onClick={onConfirm} aria-label={`Revoke ${name} now`}>
          Revoke key
        </button>
      </div>
    </section>
  );
}

/** The second step for the extension's own key, as the popup asks it (the same dialog). */
function OwnRevokeConfirm({
  name,
  use,
  onKeep,
  onRevoke,
}: {
  name: string;
  use: OwnUse;
  onKeep: () => void;
  onRevoke: () => void;
}) {
  const dialog = useRef<HTMLElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  const id = useId();
  useFocusTrap(dialog, onKeep);
  useEffect(() => {
    safe.current?.focus();
  }, []);
  return (
    <OwnKeyRevokeDialog
      name={name}
      use={use}
      idPrefix={`leak-own-${id}`}
      level={3}
      className="leak-confirm"
      dialogRef={dialog}
      safeRef={safe}
      onKeep={onKeep}
      onRevoke={onRevoke}
    />
  );
}
