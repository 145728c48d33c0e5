import { describe, expect, it } from 'vitest';
import {
  findKeyCandidates,
  KEY_PREFIXES,
  type ListedKeyRef,
  MAX_CANDIDATES,
  maskKey,
  matchCandidates,
  reportedReading,
  type ScanStats,
  type VaultDigest,
} from '@/lib/leaks/match';

/** Synthetic secrets: the Venice prefix and 42 alphanumerics from a seeded generator (never real keys). */
function makeSecret(type: 'ADMIN' | 'INFERENCE', seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let x = seed * 2654435761 + 12345;
  let body = '';
  for (let i = 0; i < 42; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    body += alphabet[x % alphabet.length];
  }
  return KEY_PREFIXES[type] + body;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function digestOf(
  entryId: string,
  label: string,
  secret: string,
  veniceKeyId?: string,
): Promise<VaultDigest> {
  const type = secret.startsWith(KEY_PREFIXES.ADMIN) ? 'ADMIN' : 'INFERENCE';
  return {
    entryId,
    label,
    type,
    veniceKeyId,
    sha256: await sha256(secret),
    length: secret.length,
    last6: secret.slice(-6),
  };
}

function listed(id: string, secret: string): ListedKeyRef {
  return {
    id,
    apiKeyType: secret.startsWith(KEY_PREFIXES.ADMIN) ? 'ADMIN' : 'INFERENCE',
    last6Chars: secret.slice(-6),
  };
}

/** The one-line reading of each candidate found. */
function found(text: string): string[] {
  return findKeyCandidates(text)
    .candidates.map(reportedReading)
    .filter((r): r is string => r !== null);
}

const INF = makeSecret('INFERENCE', 1);
const ADM = makeSecret('ADMIN', 2);

describe('findKeyCandidates: what counts as a key', () => {
  it('finds both kinds in prose, quotes, code and env lines, and knows their type', () => {
    const text = `My key is ${INF}, and "${ADM}" is the admin one.\nexport VENICE_API_KEY=${INF}\n`;
    const { candidates } = findKeyCandidates(text);
    expect(candidates.map((c) => [c.type, c.readings[0]])).toEqual([
      ['INFERENCE', INF],
      ['ADMIN', ADM],
      ['INFERENCE', INF],
    ]);
    expect(candidates[0]?.start).toBe(text.indexOf(INF));
  });

  it('stops at what ends a sentence or a code span, not at the last character of the key', () => {
    expect(found(`See ${INF}.`)).toEqual([INF]);
    expect(found(`See ${INF}...`)).toEqual([INF]);
    expect(found(`\`${ADM}\``)).toEqual([ADM]);
    expect(found(`**${ADM}**`)).toEqual([ADM]);
    expect(found(`(${ADM})`)).toEqual([ADM]);
    expect(found(`'${ADM}';`)).toEqual([ADM]);
  });

  it.each([
    ['lower case', INF.toLowerCase()],
    ['KEYS_', INF.replace('_KEY_', '_KEYS_')],
    ['a missing underscore', INF.replace('INFERENCE_KEY_', 'INFERENCEKEY_')],
    ['dashes', INF.replaceAll('_', '-')],
    ['a misspelling', INF.replace('INFERENCE', 'INFRENCE')],
    ['the env variable’s name', `VENICE_API_KEY_${INF.slice(-42)}`],
    ['a word glued before it', `MY_${ADM}`],
    ['a digit glued before it', `9${ADM}`],
    ['a Cyrillic Е', ADM.replace('VENICE', 'VЕNICE')],
    ['no body', 'VENICE_ADMIN_KEY_'],
    ['a body shorter than 16', `${KEY_PREFIXES.ADMIN}abc123def456xyz`],
    ['a masked key as the list shows it', `${KEY_PREFIXES.ADMIN}…${ADM.slice(-6)}`],
    ['a token far longer than a key', `${KEY_PREFIXES.INFERENCE}${'a'.repeat(300)}`],
  ])('refuses a look-alike: %s', (_why, text) => {
    expect(found(`before ${text} after`)).toEqual([]);
  });

  it('keeps the minimum body exactly: 16 characters are a key, 15 are not', () => {
    expect(found(`${KEY_PREFIXES.ADMIN}${'x'.repeat(16)}`)).toHaveLength(1);
    expect(found(`${KEY_PREFIXES.ADMIN}${'x'.repeat(15)}`)).toHaveLength(0);
  });

  it('skips invisible characters a page slipped into a key', () => {
    const hidden = `${INF.slice(0, 10)}\u200b${INF.slice(10, 30)}\u00ad${INF.slice(30)}`;
    expect(found(hidden)).toEqual([INF]);
  });

  it('two keys glued or wrapped together are two keys', () => {
    expect(found(`${INF}${ADM}`)).toEqual([INF, ADM]);
    expect(findKeyCandidates(`${INF}\n${ADM}`).candidates.map((c) => c.readings)).toEqual([[INF], [ADM]]);
  });
});

describe('findKeyCandidates: keys split by line breaks and Markdown', () => {
  const cut = (key: string, ...at: number[]) => {
    const parts: string[] = [];
    let from = 0;
    for (const i of at) {
      parts.push(key.slice(from, i));
      from = i;
    }
    parts.push(key.slice(from));
    return parts;
  };

  it.each([
    ['a terminal wrap', (p: string[]) => p.join('\n')],
    ['Windows line ends', (p: string[]) => p.join('\r\n')],
    ['a Markdown quote', (p: string[]) => `> ${p.join('\n> ')}`],
    ['a nested quote', (p: string[]) => `> > ${p.join('\n> > ')}`],
    ['inline code per line', (p: string[]) => `\`${p.join('`\n`')}\``],
    ['an indented code block', (p: string[]) => `    ${p.join('\n    ')}`],
    ['a fenced code block', (p: string[]) => `\`\`\`sh\n${p.join('\n')}\n\`\`\`\nThanks!`],
    // Chrome's selectionText turns line breaks into spaces (crbug.com/116429).
    ['a selection whose line breaks became spaces', (p: string[]) => p.join(' ')],
    ['a quoted selection whose line breaks became spaces', (p: string[]) => `> ${p.join(' > ')}`],
  ])('joins a key wrapped in %s (also through its prefix)', (_how, wrap) => {
    for (const at of [[30], [10, 40], [5, 22, 50]]) {
      const text = `Leaked:\n${wrap(cut(INF, ...at))}\n\nOther text`;
      const { candidates } = findKeyCandidates(text);
      expect(candidates).toHaveLength(1);
      expect(candidates[0]?.readings).toContain(INF);
    }
  });

  it('keeps the one-line reading first: a key followed by a command on the next line', () => {
    const text = `export VENICE_API_KEY=${INF}\necho done`;
    expect(findKeyCandidates(text).candidates[0]?.readings.slice(0, 2)).toEqual([INF, `${INF}echo`]);
  });

  it('a blank line is a paragraph’s end, not a wrap', () => {
    const [a, b] = cut(INF, 40);
    expect(findKeyCandidates(`${a}\n\n${b}`).candidates[0]?.readings).toEqual([a]);
  });

  it('a space may be a wrap too, but the reading up to it comes first', () => {
    const spaced = findKeyCandidates(`${INF} and more`).candidates[0];
    expect(spaced?.readings.slice(0, 2)).toEqual([INF, `${INF}and`]);
    expect(spaced?.soft.slice(0, 2)).toEqual([false, true]);
    expect(findKeyCandidates(`${INF}, and more`).candidates[0]?.readings).toEqual([INF]);
  });
});

describe('findKeyCandidates: hostile text', () => {
  /** Linear: each character is looked at a bounded number of times, whatever the text. */
  function expectLinear(text: string) {
    const stats: ScanStats = { steps: 0 };
    findKeyCandidates(text, stats);
    expect(stats.steps).toBeLessThanOrEqual(12 * text.length + 100);
    return stats;
  }

  it('a 1 MB selection with one key in the middle: found, in linear steps', () => {
    const filler = 'lorem ipsum dolor sit amet VENICE VENICE_ '.repeat(13_000);
    const text = `${filler}${ADM} ${filler}`;
    expect(text.length).toBeGreaterThan(1_000_000);
    expectLinear(text);
    expect(found(text)).toEqual([ADM]);
  });

  it.each([
    ['prefixes only', KEY_PREFIXES.INFERENCE.repeat(50_000)],
    ['Vs', 'V'.repeat(1_000_000)],
    ['a prefix then a megabyte of body', `${KEY_PREFIXES.ADMIN}${'a'.repeat(1_000_000)}`],
    ['wrap markers', `${KEY_PREFIXES.ADMIN}abc${'\n> `'.repeat(250_000)}`],
    ['backticks and spaces', `${KEY_PREFIXES.ADMIN}abc${'` '.repeat(500_000)}`],
    ['prefixes cut by wraps', 'VEN\nICE_ADM\n> IN_KEY'.repeat(50_000)],
    ['invisible characters', `${KEY_PREFIXES.ADMIN}${'\u200b'.repeat(1_000_000)}`],
    ['glued look-alikes', `X${KEY_PREFIXES.ADMIN}`.repeat(60_000)],
    ['short bodies', `${KEY_PREFIXES.INFERENCE}abc `.repeat(40_000)],
  ])('a megabyte of %s: no key, linear steps', (_what, text) => {
    expect(text.length).toBeGreaterThan(900_000);
    expectLinear(text);
    expect(found(text)).toEqual([]);
  });

  it('the linearity check itself fails on quadratic work', () => {
    // Guard for the guard: a scan that re-read the text from every V would blow the bound.
    const text = 'V'.repeat(10_000);
    const stats: ScanStats = { steps: 0 };
    for (let i = 0; i < text.length; i++) stats.steps += text.length - i;
    expect(stats.steps).toBeGreaterThan(12 * text.length + 100);
  });

  it('hundreds of candidates: every one found, in order', () => {
    const keys = Array.from({ length: 600 }, (_, i) => makeSecret(i % 2 ? 'ADMIN' : 'INFERENCE', i + 10));
    const text = keys.map((k, i) => `line ${i}: ${k}`).join('\n');
    expectLinear(text);
    expect(found(text)).toEqual(keys);
  });

  it('past MAX_CANDIDATES candidates are counted, not kept', () => {
    const text = Array.from({ length: MAX_CANDIDATES + 5 }, (_, i) => makeSecret('INFERENCE', i)).join(' ');
    const result = findKeyCandidates(text);
    expect(result.candidates).toHaveLength(MAX_CANDIDATES);
    expect(result.dropped).toBe(5);
  });
});

describe('matchCandidates', () => {
  const other = makeSecret('INFERENCE', 3);
  /** Same type and last 6 as INF, different secret: a listed key can only be matched by its last 6. */
  const sameTail = `${KEY_PREFIXES.INFERENCE}${'Z'.repeat(36)}${INF.slice(-6)}`;

  async function run(text: string, keys: ListedKeyRef[], vault: VaultDigest[]) {
    let hashed = 0;
    const result = await matchCandidates({
      candidates: findKeyCandidates(text).candidates,
      keys,
      vault,
      sha256: (s) => {
        hashed++;
        return sha256(s);
      },
    });
    return { result, hashed };
  }

  it('a listed key is matched by type and last 6; the vault copy by its exact digest', async () => {
    const keys = [listed('k-inf', INF), listed('k-adm', ADM)];
    const vault = [await digestOf('e-inf', 'Production backend', INF, 'k-inf')];
    const { result } = await run(`${INF} ${ADM} ${other}`, keys, vault);
    expect(result).toEqual([
      {
        type: 'INFERENCE',
        masked: `${KEY_PREFIXES.INFERENCE}…${INF.slice(-6)}`,
        last6: INF.slice(-6),
        occurrences: 1,
        live: [keys[0]],
        vault: { entryId: 'e-inf', label: 'Production backend' },
      },
      {
        type: 'ADMIN',
        masked: maskKey('ADMIN', ADM),
        last6: ADM.slice(-6),
        occurrences: 1,
        live: [keys[1]],
        vault: null,
      },
      {
        type: 'INFERENCE',
        masked: maskKey('INFERENCE', other),
        last6: other.slice(-6),
        occurrences: 1,
        live: [],
        vault: null,
      },
    ]);
  });

  it('never puts more of the secret than its last 6 characters in a result', async () => {
    const vault = [await digestOf('e', 'L', INF)];
    const { result } = await run(`${INF}\n${ADM}`, [listed('k', ADM)], vault);
    const json = JSON.stringify(result);
    expect(json).not.toContain(INF.slice(-12));
    expect(json).not.toContain(ADM.slice(-12));
  });

  it('a string with the same last 6 but another secret is not the vault’s, though it is listed', async () => {
    const vault = [await digestOf('e-inf', 'Production backend', INF, 'k-inf')];
    const { result } = await run(sameTail, [listed('k-inf', INF)], vault);
    expect(result).toHaveLength(1);
    expect(result[0]?.vault).toBeNull();
    expect(result[0]?.live.map((k) => k.id)).toEqual(['k-inf']);
  });

  it('the type counts: an ADMIN key with an INFERENCE key’s last 6 is not that key', async () => {
    const admin = `${KEY_PREFIXES.ADMIN}${'Q'.repeat(36)}${INF.slice(-6)}`;
    const { result } = await run(admin, [listed('k-inf', INF)], []);
    expect(result[0]?.live).toEqual([]);
  });

  it('takes the wrapped reading that is the vault’s secret, not the one-line one', async () => {
    const text = `> ${INF.slice(0, 33)}\n> ${INF.slice(33)}`;
    const vault = [await digestOf('e-inf', 'Production backend', INF)];
    const { result } = await run(text, [], vault);
    expect(result.map((r) => [r.masked, r.vault?.label])).toEqual([
      [maskKey('INFERENCE', INF), 'Production backend'],
    ]);
  });

  it('takes the wrapped reading that is listed when the vault does not have it', async () => {
    const text = `${INF.slice(0, 25)}\n${INF.slice(25)}\nnext`;
    const { result } = await run(text, [listed('k-inf', INF)], []);
    expect(result.map((r) => [r.last6, r.live.length])).toEqual([[INF.slice(-6), 1]]);
  });

  it('Chrome’s selection text (line breaks as spaces): a wrapped listed key is found; a guess is never reported', async () => {
    const { result } = await run(
      `seen: ${INF.slice(0, 30)} ${INF.slice(30)} in the log`,
      [listed('k-inf', INF)],
      [],
    );
    expect(result.map((r) => [r.last6, r.live.length])).toEqual([[INF.slice(-6), 1]]);
    const { result: guess } = await run(
      `${KEY_PREFIXES.ADMIN}abc123def456xyz and more`,
      [listed('k-inf', INF)],
      [],
    );
    expect(guess).toEqual([]);
  });

  it('a key nobody has is reported in its one-line reading', async () => {
    const { result } = await run(`${other}\nnext line`, [listed('k-inf', INF)], []);
    expect(result.map((r) => r.last6)).toEqual([other.slice(-6)]);
  });

  it('of two listed keys with the same last 6, the vault entry’s Venice id picks one', async () => {
    const twin = { id: 'k-twin', apiKeyType: 'INFERENCE', last6Chars: INF.slice(-6) };
    const vault = [await digestOf('e-inf', 'Prod', INF, 'k-inf')];
    const { result } = await run(INF, [twin, listed('k-inf', INF)], vault);
    expect(result[0]?.live.map((k) => k.id)).toEqual(['k-inf']);
    const { result: unknown } = await run(INF, [twin, listed('k-inf', INF)], []);
    expect(unknown[0]?.live.map((k) => k.id)).toEqual(['k-twin', 'k-inf']);
  });

  it('counts the same key found again instead of listing it twice', async () => {
    const { result } = await run(`${INF} ${INF}\n> ${INF}`, [listed('k', INF)], []);
    expect(result).toHaveLength(1);
    expect(result[0]?.occurrences).toBe(3);
  });

  it('hashes only readings shaped like a vault secret: hundreds of candidates, one digest', async () => {
    const keys = Array.from({ length: 500 }, (_, i) => makeSecret('ADMIN', i + 100));
    const vault = [await digestOf('e-inf', 'Prod', INF)];
    const { result, hashed } = await run([...keys, INF].join('\n\n'), [], vault);
    expect(result).toHaveLength(501);
    expect(hashed).toBe(1);
    expect(result.filter((r) => r.vault)).toHaveLength(1);
  });
});
