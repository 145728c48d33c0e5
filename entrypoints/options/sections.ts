/** The options page's sections; the current one lives in the URL hash, so a reload keeps it. */
import { signal } from '@preact/signals';

export const SECTIONS = [
  { id: 'keys', label: 'Keys' },
  { id: 'badge', label: 'Badge' },
  { id: 'wallet', label: 'Wallet' },
  { id: 'usage', label: 'Usage' },
  { id: 'vault', label: 'Vault & security' },
  { id: 'advanced', label: 'Advanced' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#/, '');
  return SECTIONS.find((s) => s.id === id)?.id ?? 'keys';
}

export const currentSection = signal<SectionId>(sectionFromHash(globalThis.location?.hash ?? ''));

/** Follows the hash (links, back and forward); returns the unsubscribe. */
export function watchSection(onChange: (id: SectionId) => void): () => void {
  const listener = () => {
    const next = sectionFromHash(location.hash);
    if (next === currentSection.value) return;
    currentSection.value = next;
    onChange(next);
  };
  addEventListener('hashchange', listener);
  return () => removeEventListener('hashchange', listener);
}
