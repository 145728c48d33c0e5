/** Moved to lib/storage/badge-cache.ts (every storage item lives in lib/storage); this re-export goes once nothing imports it. */
export * from '@/lib/storage/badge-cache';
