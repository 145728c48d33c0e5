import { browser } from 'wxt/browser';
import { registerBadge } from '@/lib/badge';
import { registerClipboard } from '@/lib/clipboard-clear';
import { registerKeys } from '@/lib/keys';
import { registerRotation } from '@/lib/keys/rotation-api';
import { registerMenus } from '@/lib/menus';
import { createRouter } from '@/lib/messaging/router';
import { registerForecastNotice } from '@/lib/usage';
import { registerVault } from '@/lib/vault/index';
import { registerWallet } from '@/lib/wallet';
import { z } from '@/lib/zod';
import { api } from './api';

// zod 4 probes `eval` for its JIT, which MV3's CSP reports; the interpreter is enough.
z.config({ jitless: true });

/** Builds the background: registers the message router and the listeners. */
export function startBackground(): void {
  const route = createRouter(api, {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
  });
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
  registerKeys();
  registerVault();
  registerBadge();
  registerWallet();
  registerClipboard();
  registerMenus();
  registerRotation();
  registerForecastNotice();
}
