import { useEffect, useRef, useState } from 'preact/hooks';
import { CustomEndpointBanner, EndpointNotice } from '@/components/CustomEndpointBanner';
import { dismissEndpointNotice, endpointsState, watchEndpoints } from '@/lib/settings/endpoints-client';
import { lazyView } from '../popup/lazy';
import { currentSection, SECTIONS, type SectionId, watchSection } from './sections';
import { createOptionsState } from './state';
import { Rotations } from './views/Rotations';
import { StoredKeys } from './views/StoredKeys';
import { UnlockVault } from './views/UnlockVault';
import './options.css';

// The page opens on the stored keys; the other sections and the first run load on first use, so
// the initial load stays within 30 kB gzipped (test/bundle/budget.test.ts).
const BadgeSettings = lazyView(() => import('./views/BadgeSettings').then((m) => m.BadgeSettings));
const WalletSettings = lazyView(() => import('./views/WalletSettings').then((m) => m.WalletSettings));
const GeneralSettings = lazyView(() => import('./views/GeneralSettings').then((m) => m.GeneralSettings));
const VaultControls = lazyView(() => import('./views/VaultControls').then((m) => m.VaultControls));
const FirstRun = lazyView(() => import('./views/FirstRun').then((m) => m.FirstRun));
// Below the stored keys: it appears when loaded, without a second "Loading…".
const PerAppDefaults = lazyView(() => import('./views/PerAppDefaults').then((m) => m.PerAppDefaults), null);
const LAZY_SECTIONS = [BadgeSettings, WalletSettings, GeneralSettings, VaultControls, PerAppDefaults];

const state = createOptionsState();
const { setup } = state;

export function App() {
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const stop = state.watch();
    // Once the first screen is up, the other sections load in the background: a click opens them at once.
    void state.reload().then(() => {
      for (const view of LAZY_SECTIONS) void view.preload();
    });
    // A section picked from the nav: focus follows it, so the keyboard lands on the new content.
    const stopHash = watchSection(() => panel.current?.focus());
    return () => {
      stop();
      stopHash();
    };
  }, []);
  useEffect(() => watchEndpoints(), []);

  const status = state.status.value;
  const settings = state.settings.value;
  const reload = () => void state.reload();
  const finishSetup = () => {
    setup.value = null;
    if (location.hash !== '#keys') location.hash = 'keys';
    reload();
  };

  let body: preact.ComponentChildren;
  if (state.loadError.value && status === null) {
    body = (
      <p class="error" role="alert">
        {state.loadError.value}
      </p>
    );
  } else if (status === null || settings === null) {
    body = (
      <p class="muted" aria-busy="true">
        Loading…
      </p>
    );
  } else if (status === 'none') {
    body = (
      <FirstRun
        step="vault"
        added={null}
        onVaultReady={() => {
          setup.value = { step: 'key', added: null };
          reload();
        }}
        onKeyAdded={() => {}}
        onFinish={finishSetup}
      />
    );
  } else if (status === 'locked') {
    body = <UnlockVault onUnlocked={reload} />;
  } else if (setup.value) {
    body = (
      <FirstRun
        step={setup.value.step}
        added={setup.value.added}
        onVaultReady={reload}
        onKeyAdded={(text) => {
          setup.value = { step: 'done', added: text };
          reload();
        }}
        onFinish={finishSetup}
      />
    );
  } else {
    const section = currentSection.value;
    body = (
      <div class="sections">
        <nav aria-label="Settings sections" class="section-nav">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`} aria-current={s.id === section ? 'page' : undefined}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <section
          class="section-panel"
          ref={panel}
          tabIndex={-1}
          aria-label={SECTIONS.find((s) => s.id === section)?.label}
        >
          <Section id={section} settings={settings} keys={state.keys.value} onChanged={reload} />
        </section>
      </div>
    );
  }

  return (
    <main class="options">
      <CustomEndpointBanner custom={endpointsState.value?.custom ?? []} />
      {endpointsState.value?.notice && (
        <EndpointNotice
          text={endpointsState.value.notice.text}
          onDismiss={() => void dismissEndpointNotice()}
        />
      )}
      <header>
        <h1>Venice Key Companion</h1>
        {status === 'locked' && <span class="pill warn">Vault locked</span>}
      </header>
      {body}
    </main>
  );
}

function Section({
  id,
  settings,
  keys,
  onChanged,
}: {
  id: SectionId;
  settings: NonNullable<typeof state.settings.value>;
  keys: typeof state.keys.value;
  onChanged: () => void;
}) {
  switch (id) {
    case 'keys':
      return (
        <>
          <StoredKeys keys={keys} settings={settings} />
          <PerAppDefaults settings={settings} />
          <Rotations state={state} settings={settings} />
        </>
      );
    case 'badge':
      return <BadgeSettings state={state} />;
    case 'wallet':
      return <WalletSettings state={state} />;
    case 'vault':
      return (
        <>
          <VaultControls onChanged={onChanged} />
          <GeneralSettings settings={settings} show="autoLock" />
        </>
      );
    case 'usage':
      return <LazyUsageSection />;
    case 'advanced':
      return <GeneralSettings settings={settings} show="apiUrl" />;
  }
}

/** The usage section's charts and export load only when the section opens (the page's budget). */
let UsageSectionView: preact.ComponentType | null = null;
function LazyUsageSection() {
  const [, setLoaded] = useState(UsageSectionView !== null);
  useEffect(() => {
    if (UsageSectionView) return;
    void import('./views/UsageSection').then((m) => {
      UsageSectionView = m.UsageSection;
      setLoaded(true);
    });
  }, []);
  return UsageSectionView ? <UsageSectionView /> : <p aria-busy="true">Loading…</p>;
}
