import { useEffect, useRef } from 'preact/hooks';
import { CreateVault } from './CreateVault';
import { RestoreBackup } from './RestoreBackup';
import { AddKeyForm } from './StoredKeys';

export type SetupStep = 'vault' | 'key' | 'done';

const STEPS: { id: SetupStep; label: string }[] = [
  { id: 'vault', label: 'Create the vault' },
  { id: 'key', label: 'Add a key' },
  { id: 'done', label: 'Done' },
];

let lastShownStep: SetupStep | null = null;

/**
 * The first minute: create the vault, add a key (checked with Venice), done. A lone ADMIN key
 * becomes the management and badge key by itself (see AddKeyForm), so there is nothing to choose.
 */
export function FirstRun({
  step,
  added,
  onVaultReady,
  onKeyAdded,
  onFinish,
}: {
  step: SetupStep;
  /** What the add step reported, shown on the done step. */
  added: string | null;
  onVaultReady: () => void;
  onKeyAdded: (text: string) => void;
  onFinish: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Each new step starts at its heading for keyboard and screen-reader users (not on page load).
  // The last step shown lives outside the component: the page may remount it between two steps.
  useEffect(() => {
    const previous = lastShownStep;
    lastShownStep = step;
    if (previous !== null && previous !== step) heading.current?.focus();
  }, [step]);
  const at = STEPS.findIndex((s) => s.id === step);

  return (
    <section class="first-run" aria-labelledby="first-run-heading">
      <h2 id="first-run-heading" tabIndex={-1} ref={heading}>
        {step === 'vault' ? 'Welcome' : step === 'key' ? 'Add your first key' : 'You’re set'}
      </h2>
      <ol class="steps" aria-label="Setup steps">
        {STEPS.map((s, i) => (
          <li
            key={s.id}
            aria-current={s.id === step ? 'step' : undefined}
            class={i < at ? 'is-done' : s.id === step ? 'is-current' : undefined}
          >
            <span class="visually-hidden">{i < at ? 'Done: ' : ''}</span>
            Step {i + 1}: {s.label}
          </li>
        ))}
      </ol>
      {step === 'vault' && (
        <>
          <p>
            Venice Key Companion keeps your Venice API keys in an encrypted vault in this browser, shows a
            key’s balance on the toolbar badge, and lets you create, edit and revoke keys from the toolbar.
            Start by creating the vault, or restore a backup.
          </p>
          <CreateVault onCreated={onVaultReady} />
          <RestoreBackup replacing={false} onRestored={onFinish} />
        </>
      )}
      {step === 'key' && (
        <>
          <p>
            An <strong>ADMIN key</strong> lets the toolbar popup list, create, edit and revoke your keys; with
            one ADMIN key it is chosen for that, and for the badge, at once. An INFERENCE key shows its own
            balance and limits.
          </p>
          <AddKeyForm onAdded={onKeyAdded} />
          <p>
            <button type="button" class="link" onClick={onFinish}>
              Skip for now
            </button>{' '}
            <span class="muted">(you can add keys, or mint one with a wallet, later)</span>
          </p>
        </>
      )}
      {step === 'done' && (
        <div class="card">
          {added && <p role="status">{added}</p>}
          <p class="toolbar-hint">
            <span aria-hidden="true" class="toolbar-hint__arrow">
              ↗
            </span>
            Open the <strong>Venice Key Companion</strong> button in the browser toolbar to see and manage
            your keys. If it is not there, open the Extensions menu (the puzzle piece) and pin it.
          </p>
          <p>
            <button type="button" class="primary" onClick={onFinish}>
              Go to settings
            </button>
          </p>
        </div>
      )}
    </section>
  );
}
