// @vitest-environment happy-dom
/**
 * popup-cache.js puts the list's stored markup (the shell) on the popup page before the modules
 * run. Storage is not trusted to hold only what the popup wrote, so the insert keeps only our
 * tags and a few harmless attributes, runs nothing, loads nothing, and keeps text as text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import { LIVE_FLAG, SHELL_ID } from '@/lib/storage/page-keys';
import { popupCacheScript } from '@/lib/storage/popup-cache-script';

const OWNER = 'entry-1';
const g = globalThis as unknown as Record<string, unknown>;
const realBrowser = g.browser;

/** Runs the built script against a fake storage and waits for its reads to settle. */
async function open(shell: unknown, options: { owner?: string; route?: unknown; search?: string } = {}) {
  const local = {
    [STORAGE_KEYS.local.keyCache]: { ownerEntryId: OWNER, keys: [], shell },
    [STORAGE_KEYS.local.settings]: { managementKeyId: options.owner ?? OWNER },
  };
  const session = options.route ? { [STORAGE_KEYS.session.popupRoute]: options.route } : {};
  // Both namespaces (the test environment has WXT's fake `browser`; the script prefers `browser`).
  g.browser = g.chrome = {
    storage: { local: { get: async () => local }, session: { get: async () => session } },
  };
  if (options.search) history.replaceState(null, '', `?${options.search}`);
  new Function(popupCacheScript())();
  await g.vkcListCache;
  await g.vkcRoute;
  await new Promise((done) => setTimeout(done, 0));
  return document.getElementById(SHELL_ID);
}

afterEach(() => {
  document.body.replaceChildren();
  history.replaceState(null, '', location.pathname);
  performance.clearMarks();
  for (const name of ['chrome', 'vkcListCache', 'vkcRoute', LIVE_FLAG, 'pwned']) delete g[name];
  g.browser = realBrowser;
});

const OURS =
  '<main class="popup"><header class="popup__header"><h1>Venice keys</h1></header>' +
  '<section class="key-list"><ul class="key-list__rows"><li class="key-row"><span class="key-row__desc">prod app</span>' +
  '<meter class="usage-bar__meter" min="0" max="10" value="3"></meter>' +
  '<button type="button">Details</button></li></ul></section></main>';

describe("popup-cache.js's shell", () => {
  it('puts our markup on the page, inert and hidden from assistive technology, and marks the paint', async () => {
    const shell = await open(OURS);
    expect(shell).not.toBeNull();
    expect(shell?.parentElement).toBe(document.body);
    expect((shell as HTMLElement & { inert: boolean }).inert).toBe(true);
    expect((shell as HTMLElement & { ariaHidden: string }).ariaHidden).toBe('true');
    expect(shell?.innerHTML).toBe(OURS);
    expect(performance.getEntriesByName('vkc:list-painted')).toHaveLength(1);
  });

  it('keeps only our tags and harmless attributes of hostile markup: nothing runs, nothing loads, text stays text', async () => {
    const hostile =
      '<main class="popup" onclick="globalThis.pwned=1" style="background:url(https://evil.example/a)">' +
      '<img src="https://evil.example/b.png" onerror="globalThis.pwned=1">' +
      '<script>globalThis.pwned=1</script><style>body{display:none}</style>' +
      '<section class="key-list" id="app" data-x="1" tabindex="0" aria-label="fake">' +
      '<ul><li class="key-row" onmouseover="globalThis.pwned=1">&lt;script&gt;globalThis.pwned=1&lt;/script&gt;' +
      '<button type="submit" formaction="https://evil.example/f" autofocus>Details</button>' +
      '<input type="image" src="https://evil.example/g" placeholder="Filter…"></li></ul>' +
      '<a href="https://evil.example/c">phish</a><iframe srcdoc="<script>parent.pwned=1</script>"></iframe>' +
      '<form action="https://evil.example/d"><input name="q"></form>' +
      '<svg><script>globalThis.pwned=1</script><image href="https://evil.example/e"></image></svg>' +
      '</section></main>';
    const shell = await open(hostile);
    expect(g.pwned).toBeUndefined();
    expect(shell?.querySelectorAll('img, script, style, a, iframe, form, svg, image')).toHaveLength(0);
    const attributes = [...(shell?.querySelectorAll('*') ?? [])].flatMap((e) =>
      [...e.attributes].map((a) => `${e.localName}.${a.name}`),
    );
    expect(attributes.sort()).toEqual([
      'button.type',
      'input.placeholder',
      'input.type',
      'li.class',
      'main.class',
      'section.class',
    ]);
    // The escaped text is text: a text node, no element.
    expect(shell?.querySelector('li')?.firstChild?.nodeType).toBe(Node.TEXT_NODE);
    expect(shell?.querySelector('li')?.textContent).toContain('<script>globalThis.pwned=1</script>');
    // The page's own #app is not shadowed by an id from storage.
    expect(shell?.querySelector('[id]')).toBeNull();
  });

  it('shows nothing when the popup opens on another screen, a link, another management key, or after the app took over', async () => {
    expect(await open(OURS, { route: { name: 'usage', days: 30 } })).toBeNull();
    expect(await open(OURS, { route: { name: 'detail', id: 'k1' } })).toBeNull();
    expect(await open(OURS, { search: 'detail=k1' })).toBeNull();
    history.replaceState(null, '', location.pathname);
    expect(await open(OURS, { owner: 'entry-2' })).toBeNull();
    expect(await open(42)).toBeNull();
    g[LIVE_FLAG] = 1;
    expect(await open(OURS)).toBeNull();
    expect(performance.getEntriesByName('vkc:list-painted')).toHaveLength(0);
    delete g[LIVE_FLAG];
    expect(await open(OURS, { route: { name: 'list' } })).not.toBeNull();
  });
});
