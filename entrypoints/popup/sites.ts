/**
 * Where each key went (issue 17), for the key list and detail: read straight from storage
 * (`keys.provenance` in storage.local, written by lib/apps) and followed as it changes, so the list's
 * first paint waits for nothing. Read defensively: an entry that does not fit is skipped.
 */
import { signal } from '@preact/signals';

export interface KeySite {
  origin: string;
  host: string;
  title: string;
  at: string;
  how: 'filled' | 'tagged';
}

/** Venice key id → its site. */
export const keySites = signal<ReadonlyMap<string, KeySite>>(new Map());
/** The list's site filter: a host, or '' for every key. */
export const siteFilter = signal('');
