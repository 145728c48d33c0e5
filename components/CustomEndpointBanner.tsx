import './CustomEndpointBanner.css';

export interface CustomEndpoint {
  field: 'apiBaseUrl' | 'veniceSiteUrl' | 'baseRpcUrl';
  name: string;
  origin: string;
}

const WHAT_GOES_THERE: Record<CustomEndpoint['field'], string> = {
  apiBaseUrl: 'every API key this extension uses is sent there',
  veniceSiteUrl: 'wallet signatures are requested through that site',
  baseRpcUrl: 'your stake and signatures are checked there',
};

/** Why an address read from storage was set back to Venice's (the options page, until dismissed). */
export function EndpointNotice({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  return (
    <div class="endpoint-notice" role="alert" aria-label="Address set back to Venice">
      <p>{text}</p>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** The red banner every extension page shows while an endpoint is not Venice's (or Base's). */
export function CustomEndpointBanner({ custom }: { custom: readonly CustomEndpoint[] }) {
  if (custom.length === 0) return null;
  return (
    <div class="custom-endpoint-banner" role="alert" aria-label="Custom endpoint in use">
      <strong>Custom endpoint — not Venice.</strong>{' '}
      {custom.map((c, i) => (
        <span key={c.field}>
          {i > 0 ? ' ' : ''}
          {c.name}: <span class="custom-endpoint-banner__origin">{c.origin}</span> ({WHAT_GOES_THERE[c.field]}
          ).
        </span>
      ))}
    </div>
  );
}
