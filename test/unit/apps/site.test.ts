import { describe, expect, it } from 'vitest';
import { checkFillSite, hostOf, keyNameForSite, perAppDraft } from '@/lib/apps/site';
import { DEFAULT_PER_APP } from '@/lib/storage/settings-item';

describe('which pages a key may be filled into', () => {
  it('any https page, by its origin and host', () => {
    expect(checkFillSite('https://app.example.com/settings?x=1#k', false)).toEqual({
      ok: true,
      origin: 'https://app.example.com',
      host: 'app.example.com',
    });
    expect(checkFillSite('https://app.example.com:8443/', false)).toMatchObject({
      ok: true,
      host: 'app.example.com:8443',
    });
  });

  it('refuses plain http, naming the host and saying nothing was made', () => {
    const out = checkFillSite('http://app.example.com/login', true);
    expect(out).toEqual({
      ok: false,
      code: 'apps.insecure_page',
      reason: expect.stringContaining('app.example.com is not a secure page (http://)'),
    });
    expect(out.ok || out.reason).toContain('none was made');
  });

  it('allows http on 127.0.0.1 and localhost only in the development build', () => {
    expect(checkFillSite('http://127.0.0.1:4321/page', true)).toMatchObject({
      ok: true,
      host: '127.0.0.1:4321',
    });
    expect(checkFillSite('http://localhost:3000/', true)).toMatchObject({ ok: true });
    expect(checkFillSite('http://127.0.0.1:4321/page', false)).toMatchObject({
      ok: false,
      code: 'apps.insecure_page',
    });
    expect(checkFillSite('http://localhost:3000/', false)).toMatchObject({
      ok: false,
      code: 'apps.insecure_page',
    });
    expect(checkFillSite('http://127.0.0.2:4321/', true)).toMatchObject({
      ok: false,
      code: 'apps.insecure_page',
    });
  });

  it('refuses the extension’s own pages and other schemes', () => {
    expect(checkFillSite('chrome-extension://abcdefghijklmnop/popup.html', true)).toMatchObject({
      ok: false,
      code: 'apps.not_a_web_page',
      reason: expect.stringContaining('not into extension pages'),
    });
    expect(checkFillSite('moz-extension://x/options.html', true)).toMatchObject({
      code: 'apps.not_a_web_page',
    });
    for (const url of ['file:///etc/passwd', 'about:srcdoc', 'data:text/html,<input>', 'chrome://settings'])
      expect(checkFillSite(url, true)).toMatchObject({ ok: false, code: 'apps.not_a_web_page' });
  });

  it('refuses a tab whose address the extension cannot see', () => {
    expect(checkFillSite(undefined, true)).toMatchObject({ ok: false, code: 'apps.no_address' });
    expect(checkFillSite('', true)).toMatchObject({ ok: false, code: 'apps.no_address' });
    expect(checkFillSite('not a url', true)).toMatchObject({ ok: false, code: 'apps.no_address' });
  });
});

describe('the key’s name', () => {
  it('is the host when it fits Venice’s 64 characters', () => {
    expect(keyNameForSite('app.example.com')).toBe('app.example.com');
    const exact = `${'a'.repeat(52)}.example.com`;
    expect(exact).toHaveLength(64);
    expect(keyNameForSite(exact)).toBe(exact);
  });

  it('keeps the end of a longer host (where its domain is), within 64 characters', () => {
    const long = `${'very-long-subdomain.'.repeat(5)}example.com`;
    const name = keyNameForSite(long);
    expect([...name]).toHaveLength(64);
    expect(name.startsWith('…')).toBe(true);
    expect(name.endsWith('.example.com')).toBe(true);
    expect(long.endsWith(name.slice(1))).toBe(true);
  });
});

describe('the confirm window’s starting draft', () => {
  const now = Date.parse('2026-11-29T16:00:00Z');
  it('is an INFERENCE key named after the site with the defaults: $5 a month, 90 days, all models', () => {
    expect(perAppDraft(DEFAULT_PER_APP, 'app.example.com', now)).toEqual({
      apiKeyType: 'INFERENCE',
      description: 'app.example.com',
      expiryMode: 'date',
      expiryDate: '2027-02-27',
      expiryTime: '',
      usdCap: '5',
      diemCap: '',
      limitPeriod: 'MONTH',
      modelPrivacy: 'ALL',
    });
  });

  it('has no expiry and no caps when the defaults say so', () => {
    const draft = perAppDraft(
      {
        usdCap: null,
        diemCap: 12.5,
        limitPeriod: 'LIFETIME',
        expiryDays: null,
        modelPrivacy: 'PRIVATE_ONLY',
      },
      'x.test',
      now,
    );
    expect(draft).toMatchObject({
      expiryMode: 'none',
      expiryDate: '',
      usdCap: '',
      diemCap: '12.5',
      limitPeriod: 'LIFETIME',
      modelPrivacy: 'PRIVATE_ONLY',
    });
  });

  it('hostOf reads an origin’s host', () => {
    expect(hostOf('https://notebook.example.org:8443')).toBe('notebook.example.org:8443');
    expect(hostOf('junk')).toBe('junk');
  });
});
