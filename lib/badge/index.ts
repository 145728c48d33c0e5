/**
 * The badge's public surface for the rest of the background.
 * Call `void requestBadgeRefresh('reason')` after any change the extension makes to keys.
 */
export async function requestBadgeRefresh(_reason: string): Promise<void> {
  // Placeholder: the updater is wired in shortly.
}
