import { startBackground } from '@/lib/background/start';

// Wiring only: WXT imports this file in Node at build time, so nothing runs outside the callback.
export default defineBackground({
  type: 'module',
  main() {
    startBackground();
  },
});
