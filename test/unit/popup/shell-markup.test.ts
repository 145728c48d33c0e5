// @vitest-environment happy-dom
/**
 * What of the popup's page becomes the next opening's shell: the header, the toolbar and the key
 * list, without notices, alerts, sparklines or times that age, and never a secret.
 */
import { describe, expect, it } from 'vitest';
import { shellMarkup } from '@/entrypoints/popup/shell';

const SECRET = 'VENICE_INFERENCE_KEY_synthetic0shell0test0ZZZZ';

function page(): HTMLElement {
  const main = document.createElement('main');
  main.className = 'popup';
  main.innerHTML =
    '<header class="popup__header"><h1>Venice keys</h1><section class="balance" aria-label="Account balance">' +
    '<strong>$120.00</strong><span class="muted"> · from 3 min ago</span></section></header>' +
    '<div class="toolbar"><button type="button" class="primary">New key</button>' +
    '<span class="muted" role="status" aria-label="List age">Updated 12 s ago</span></div>' +
    `<div class="notice" role="status"><p>Key created. Its secret: ${SECRET}</p></div>` +
    `<p class="error-box" role="alert">Could not refresh: ${SECRET}</p>` +
    '<section class="key-list"><ul class="key-list__rows"><li class="key-row" aria-label="prod app …abcdef">' +
    '<div class="key-row__head"><span class="key-row__desc">prod app</span></div>' +
    '<div class="key-row__meta muted"><span>Created Mar 1, 2026</span><span>Used 5 min ago</span>' +
    '<span class="key-row__expiry is-soon">Expires soon: in 3 d</span></div>' +
    '<div class="key-row__foot"><svg role="img"><polyline points="0,1 2,3"></polyline></svg></div>' +
    '</li></ul></section>' +
    `<section class="mint"><p>${SECRET}</p></section>`;
  return main;
}

describe('the shell of the popup page', () => {
  it('keeps the header, the toolbar and the list, in order, and nothing else of the page', () => {
    const html = shellMarkup(page()) as string;
    const out = document.createElement('div');
    out.innerHTML = html;
    const main = out.firstElementChild as HTMLElement;
    expect(main.localName).toBe('main');
    expect(main.className).toBe('popup');
    expect([...main.children].map((c) => c.className)).toEqual(['popup__header', 'toolbar', 'key-list']);
    expect(html).not.toContain(SECRET);
    expect(out.querySelector('svg, [role="alert"]')).toBeNull();
    expect(out.querySelector('.key-row__desc')?.textContent).toBe('prod app');
    // Only the attributes popup-cache.js keeps: the rest would be stored and read for nothing.
    expect(out.querySelector('[aria-label], [role]')).toBeNull();
    expect(out.querySelector('button')?.getAttribute('type')).toBe('button');
  });

  it('says "…" where a time would have aged by the next opening', () => {
    const out = document.createElement('div');
    out.innerHTML = shellMarkup(page()) as string;
    expect(out.querySelector('.toolbar')?.textContent).toBe('New key…');
    expect(out.querySelector('.key-row__expiry')?.textContent).toBe('…');
    expect(out.querySelector('.key-row__meta')?.textContent).toBe('Created Mar 1, 2026Used ……');
    expect(out.querySelector('.balance')?.textContent).toBe('$120.00 · from …');
  });

  it('gives nothing for a page without a key list (a locked vault, another screen)', () => {
    const main = page();
    main.querySelector('.key-list')?.remove();
    expect(shellMarkup(main)).toBeNull();
  });
});
