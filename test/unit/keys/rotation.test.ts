import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ProvenanceMap } from '@/lib/apps/provenance';
import { createRotationService, REVOKE_RETRY_MS, rotatedDescription } from '@/lib/keys/rotation';
import { GRACE_MS } from '@/lib/keys/rotation-store';
import { createKeyService } from '@/lib/keys/service';
import { readKeyCache } from '@/lib/storage/key-cache';
import { rotationsItem } from '@/lib/storage/rotations';
import {
  VeniceAdminRequiredError,
  VeniceNetworkError,
  VeniceNotFoundError,
  VeniceRateLimitError,
} from '@/lib/venice/errors';
import { errorOf, makeKey, setup } from './fakes';

beforeEach(() => {
  fakeBrowser.reset();
});

/** The key service and the rotation service over the fakes; every step is written to `events`. */
function rig() {
  const t = setup();
  const events: string[] = [];
  const alarms = new Map<string, number>();
  const keys = createKeyService(t.deps);
  const addStored = t.deps.vault.addStoredKey;
  t.deps.vault.addStoredKey = async (input) => {
    const meta = await addStored(input);
    events.push(`vault.add ${input.label}`);
    return meta;
  };
  const settingsPatches: unknown[] = [];
  const sites: ProvenanceMap = {};
  const siteReads = { fail: false };
  const rotation = createRotationService({
    keys: {
      create: (...a) => keys.create(...a),
      createOutcome: (...a) => keys.createOutcome(...a),
      findKey: (...a) => keys.findKey(...a),
      adoptCacheOwner: (...a) => keys.adoptCacheOwner(...a),
      revoke: async (id) => {
        events.push(`revoke ${id}`);
        return keys.revoke(id);
      },
    },
    getClient: t.deps.getClient,
    getSettings: t.deps.getSettings,
    setSettings: async (patch) => {
      settingsPatches.push(patch);
      Object.assign(t.settings, patch);
    },
    vault: { listStoredKeys: t.deps.vault.listStoredKeys, getStoredSecret: t.deps.vault.getStoredSecret },
    alarms: {
      set: async (id, when) => {
        alarms.set(id, when);
      },
      clear: async (id) => {
        alarms.delete(id);
      },
    },
    provenance: {
      read: async () => {
        if (siteReads.fail) throw new Error('storage gone');
        return { ...sites };
      },
      record: async (id, entry) => {
        sites[id] = entry;
        return sites;
      },
    },
    now: t.deps.now,
  });
  const originalCreate = t.venice.createApiKey.bind(t.venice);
  t.venice.createApiKey = async (secret, input) => {
    events.push(`create ${input.description}`);
    return originalCreate(secret, input);
  };
  return { ...t, keys, rotation, events, alarms, settingsPatches, sites, siteReads };
}

describe('rotatedDescription', () => {
  const at = Date.parse('2026-11-29T23:59:00.000Z');
  it('adds the ISO date (UTC) to the old description', () => {
    expect(rotatedDescription('Production backend', at)).toBe('Production backend 2026-11-29');
  });
  it('cuts the old part, never the date, to stay within 64 characters', () => {
    const out = rotatedDescription('x'.repeat(64), at);
    expect(out).toHaveLength(64);
    expect(out.endsWith(' 2026-11-29')).toBe(true);
    expect(out.startsWith('x'.repeat(53))).toBe(true);
  });
  it('replaces the date an earlier rotation added instead of piling dates up', () => {
    expect(rotatedDescription('App 2026-10-01', at)).toBe('App 2026-11-29');
  });
  it('never splits a character made of two UTF-16 units', () => {
    const out = rotatedDescription(`${'a'.repeat(52)}😀😀`, at);
    expect(out.length).toBeLessThanOrEqual(64);
    expect(out).toBe(`${'a'.repeat(52)} 2026-11-29`);
  });
  it('names an undescribed key', () => {
    expect(rotatedDescription('   ', at)).toBe('Rotated key 2026-11-29');
  });
});

describe('rotating a key', () => {
  it('creates the replacement with the same type, caps, period, privacy and expiry, saved before it is shown', async () => {
    const r = rig();
    const old = makeKey({
      description: 'Production backend',
      apiKeyType: 'INFERENCE',
      consumptionLimits: { usd: 25, diem: 3 },
      limitPeriod: 'MONTH',
      modelPrivacy: 'PRIVATE_ONLY',
      expiresAt: '2026-12-31T12:30:00.000Z',
    });
    r.venice.keys = [old];
    await r.keys.refresh();

    const { rotation, created } = await r.rotation.start('rotation-0001', old.id);

    const sent = r.venice.callsOf('createApiKey')[0]?.input;
    expect(sent).toEqual({
      apiKeyType: 'INFERENCE',
      description: 'Production backend 2026-03-01',
      limitPeriod: 'MONTH',
      expiresAt: '2026-12-31T12:30:00Z',
      consumptionLimit: { usd: 25, diem: 3 },
      modelPrivacy: 'PRIVATE_ONLY',
    });
    // Order: create, then into the vault; nothing revoked before the user chose.
    expect(r.events).toEqual([
      'create Production backend 2026-03-01',
      'vault.add Production backend 2026-03-01',
    ]);
    expect(created?.secret).toBe(r.venice.secrets.get(created?.key.id ?? ''));
    expect(created?.vaultCopy).not.toBeNull();
    expect(rotation.state).toBe('created');
    expect(rotation.old).toMatchObject({ id: old.id, description: 'Production backend' });
    expect(rotation.created?.entryId).toBe(created?.vaultCopy?.entryId);
    expect(r.venice.callsOf('revokeApiKey')).toEqual([]);
    // The stored record holds no secret.
    expect(JSON.stringify(await rotationsItem.getValue())).not.toContain(created?.secret ?? 'none');
  });

  it('the replacement takes the old key’s site (issue 17), dated now; a key without one gets none', async () => {
    const r = rig();
    const [made, plain] = [makeKey({ description: 'chat.example.com' }), makeKey({ description: 'CI' })];
    r.venice.keys = [made, plain];
    await r.keys.refresh();
    r.sites[made.id] = {
      origin: 'https://chat.example.com',
      title: 'Chat — settings',
      at: '2025-06-01T00:00:00.000Z',
      how: 'filled',
    };

    const { created } = await r.rotation.start('rotation-site1', made.id);
    expect(r.sites[created?.key.id ?? '']).toEqual({
      origin: 'https://chat.example.com',
      title: 'Chat — settings',
      at: new Date(r.deps.now()).toISOString(),
      how: 'filled',
    });
    // The old key keeps its own entry: the list still says where it was used until it is revoked.
    expect(r.sites[made.id]?.at).toBe('2025-06-01T00:00:00.000Z');

    const other = await r.rotation.start('rotation-site2', plain.id);
    expect(r.sites[other.created?.key.id ?? '']).toBeUndefined();
  });

  it('a site that cannot be read never fails the rotation', async () => {
    const r = rig();
    const old = makeKey({ description: 'app' });
    r.venice.keys = [old];
    await r.keys.refresh();
    r.siteReads.fail = true;
    const { rotation, created } = await r.rotation.start('rotation-site3', old.id);
    expect(rotation.state).toBe('created');
    expect(created?.vaultCopy).not.toBeNull();
  });

  it('order create → save → show → revoke: the revoke runs only when the user chooses it', async () => {
    const r = rig();
    const old = makeKey({ description: 'app' });
    r.venice.keys = [old];
    await r.keys.refresh();
    await r.rotation.start('rotation-0002', old.id);
    expect(r.events.some((e) => e.startsWith('revoke'))).toBe(false);
    const done = await r.rotation.chooseRevoke('rotation-0002', 'now');
    expect(done.state).toBe('revoked');
    expect(r.events).toEqual(['create app 2026-03-01', 'vault.add app 2026-03-01', `revoke ${old.id}`]);
    expect(r.venice.keys.map((k) => k.id)).not.toContain(old.id);
  });

  it('a second call with the same rotation id makes no second key and gives no secret', async () => {
    const r = rig();
    const old = makeKey();
    r.venice.keys = [old];
    await r.keys.refresh();
    const [a, b] = await Promise.all([
      r.rotation.start('rotation-0003', old.id),
      r.rotation.start('rotation-0003', old.id),
    ]);
    expect(a).toBe(b);
    const again = await r.rotation.start('rotation-0003', old.id);
    expect(again.created).toBeNull();
    expect(again.rotation.state).toBe('created');
    expect(r.venice.callsOf('createApiKey')).toHaveLength(1);
  });

  it('a refused create (20 per minute) is said as such and leaves the old key alone', async () => {
    const r = rig();
    const old = makeKey();
    r.venice.keys = [old];
    await r.keys.refresh();
    r.venice.fail('createApiKey', new VeniceRateLimitError('key_creation', 42));
    const err = (await errorOf(r.rotation.start('rotation-0004', old.id))) as Error;
    expect(err.message).toBe('Venice allows 20 new keys per minute. Try again in 42 seconds.');
    const record = await r.rotation.get('rotation-0004');
    expect(record.state).toBe('create_failed');
    expect(record.error?.code).toBe('venice.rate_limited');
    expect(r.venice.keys.map((k) => k.id)).toEqual([old.id]);
    expect(await errorOf(r.rotation.chooseRevoke('rotation-0004', 'now'))).toMatchObject({
      code: 'keys.rotation_step',
    });
    expect(r.venice.callsOf('revokeApiKey')).toEqual([]);
  });

  it('a setting the form cannot hold (a newer privacy, an unreadable expiry) is never loosened: nothing is made', async () => {
    const r = rig();
    const old = makeKey({ modelPrivacy: 'TEE_ONLY' as never, expiresAt: 'unknown' });
    r.venice.keys = [old];
    await r.keys.refresh();
    const err = (await errorOf(r.rotation.start('rotation-0009', old.id))) as Error & { code: string };
    expect(err.code).toBe('keys.rotation_uncopiable');
    expect(err.message).toBe(
      'Rotate cannot copy this key’s model privacy “TEE_ONLY” and expiry date (Venice sent one this extension cannot read): the replacement would allow more than the key it replaces. Create the replacement with “New key” in the popup, with the settings you want, then revoke this key.',
    );
    expect(r.venice.callsOf('createApiKey')).toEqual([]);
    expect(r.venice.keys.map((k) => k.id)).toEqual([old.id]);
    // A key Venice described in full (privacy not said: Venice's default both ways) rotates.
    const plain = makeKey({ modelPrivacy: null });
    r.venice.keys = [old, plain];
    await r.keys.refresh();
    await r.rotation.start('rotation-0010', plain.id);
    expect(r.venice.callsOf('createApiKey')).toHaveLength(1);
    expect(r.venice.callsOf('createApiKey')[0]?.input).not.toHaveProperty('modelPrivacy');
  });

  it('a vault that refuses the secret: the secret is handed back to show once, and nothing else moves', async () => {
    const r = rig();
    const old = makeKey();
    r.venice.keys = [old];
    await r.keys.refresh();
    const admin = r.vault.entries[0];
    r.vault.add({
      label: 'badge',
      type: 'INFERENCE',
      last6: old.last6Chars,
      veniceKeyId: old.id,
      secret: 'x',
    });
    r.settings.badgeKeyId = r.vault.entries[1]?.entryId ?? null;
    r.vault.failAdd = new Error('vault full');
    const { rotation, created } = await r.rotation.start('rotation-0005', old.id);
    expect(created?.vaultError).not.toBeNull();
    expect(created?.secret).toMatch(/^VENICE_INFERENCE_KEY_/);
    expect(rotation.created?.entryId).toBeNull();
    expect(rotation.badgeMoved).toBe(false);
    expect(r.settings.badgeKeyId).toBe(r.vault.entries[1]?.entryId);
    expect(r.settings.managementKeyId).toBe(admin?.entryId);
  });

  it('moves the badge key to the new key at once', async () => {
    const r = rig();
    const old = makeKey();
    r.venice.keys = [old];
    await r.keys.refresh();
    const badge = r.vault.add({
      label: 'on the badge',
      type: 'INFERENCE',
      last6: old.last6Chars,
      veniceKeyId: old.id,
      secret: 'VENICE_INFERENCE_KEY_old',
    });
    r.settings.badgeKeyId = badge.entryId;
    const { rotation, created } = await r.rotation.start('rotation-0006', old.id);
    expect(rotation.roles).toEqual({ badge: true, management: false });
    expect(rotation.badgeMoved).toBe(true);
    expect(r.settings.badgeKeyId).toBe(created?.vaultCopy?.entryId);
  });
});

describe('rotating the management key', () => {
  async function managementRig() {
    const r = rig();
    const adminKey = makeKey({
      apiKeyType: 'ADMIN',
      description: 'Team admin',
      last6Chars: r.venice.adminSecret.slice(-6),
    });
    r.venice.keys = [adminKey, makeKey({ description: 'other' })];
    await r.keys.refresh();
    const { rotation: record, created } = await r.rotation.start('rotation-0010', adminKey.id);
    return { ...r, adminKey, record, created };
  }

  it('refuses to revoke the old key until the new ADMIN key was verified', async () => {
    const r = await managementRig();
    expect(r.record.roles.management).toBe(true);
    expect(r.created?.key.apiKeyType).toBe('ADMIN');
    expect(r.settings.managementKeyId).toBe(r.admin.entryId);
    expect(await errorOf(r.rotation.chooseRevoke('rotation-0010', 'now'))).toMatchObject({
      code: 'keys.management_not_verified',
    });
    expect(r.venice.callsOf('revokeApiKey')).toEqual([]);
  });

  it('verifies the new key with a list call made with it, then moves the choice and keeps the list', async () => {
    const r = await managementRig();
    r.venice.calls = [];
    const verified = await r.rotation.verifyManagement('rotation-0010');
    const newSecret = r.venice.secrets.get(r.created?.key.id ?? '');
    expect(r.venice.callsOf('listApiKeys').map((c) => c.secret)).toEqual([newSecret]);
    expect(verified.managementMoved).toBe(true);
    expect(r.settings.managementKeyId).toBe(r.created?.vaultCopy?.entryId);
    expect((await readKeyCache()).ownerEntryId).toBe(r.created?.vaultCopy?.entryId);
    expect((await r.keys.overview()).list.keys.length).toBeGreaterThan(0);
    const done = await r.rotation.chooseRevoke('rotation-0010', 'now');
    expect(done.state).toBe('revoked');
    // The old key was revoked with the new one.
    expect(r.venice.callsOf('revokeApiKey').map((c) => c.secret)).toEqual([newSecret]);
  });

  it('a new key that fails the check stays unused: the old key remains the management key', async () => {
    const r = await managementRig();
    r.venice.fail('listApiKeys', new VeniceAdminRequiredError());
    const err = await errorOf(r.rotation.verifyManagement('rotation-0010'));
    expect(err).toBeInstanceOf(VeniceAdminRequiredError);
    expect(r.settings.managementKeyId).toBe(r.admin.entryId);
    const record = await r.rotation.get('rotation-0010');
    expect(record.managementMoved).toBe(false);
    expect(record.error?.code).toBe('venice.admin_required');
  });
});

describe('pending revocations', () => {
  async function created() {
    const r = rig();
    const old = makeKey({ description: 'app' });
    r.venice.keys = [old];
    await r.keys.refresh();
    await r.rotation.start('rotation-0020', old.id);
    return { ...r, old };
  }

  it('a grace period schedules the revoke (an alarm and the record), and it runs when due', async () => {
    const r = await created();
    const scheduled = await r.rotation.chooseRevoke('rotation-0020', '1d');
    expect(scheduled.state).toBe('scheduled');
    expect(scheduled.revokeAt).toBe(r.deps.now() + GRACE_MS['1d']);
    expect(r.alarms.get('rotation-0020')).toBe(scheduled.revokeAt);
    expect(r.venice.callsOf('revokeApiKey')).toEqual([]);
    r.advance(GRACE_MS['1d']);
    await r.rotation.onAlarm('rotation-0020');
    expect((await r.rotation.get('rotation-0020')).state).toBe('revoked');
    expect(r.venice.keys.map((k) => k.id)).not.toContain(r.old.id);
    expect(r.alarms.has('rotation-0020')).toBe(false);
  });

  it('a cancelled revocation keeps the old key, even when its alarm fires after all', async () => {
    const r = await created();
    await r.rotation.chooseRevoke('rotation-0020', '1h');
    const cancelled = await r.rotation.cancel('rotation-0020');
    expect(cancelled.state).toBe('cancelled');
    expect(r.alarms.has('rotation-0020')).toBe(false);
    await r.rotation.onAlarm('rotation-0020');
    expect(r.venice.callsOf('revokeApiKey')).toEqual([]);
  });

  it('a failed revoke keeps the reason, shows both facts, is retried later and offered again', async () => {
    const r = await created();
    r.venice.fail('revokeApiKey', new VeniceNetworkError('api.venice.ai'));
    const failed = await r.rotation.chooseRevoke('rotation-0020', 'now');
    expect(failed.state).toBe('revoke_failed');
    expect(failed.created).not.toBeNull();
    expect(failed.error?.retryable).toBe(true);
    expect(r.alarms.get('rotation-0020')).toBe(r.deps.now() + REVOKE_RETRY_MS);
    // The row came back: a failed revoke leaves the key listed.
    expect((await r.keys.overview()).list.keys.map((k) => k.id)).toContain(r.old.id);
    const again = await r.rotation.chooseRevoke('rotation-0020', 'now');
    expect(again.state).toBe('revoked');
    expect(again.error).toBeNull();
  });

  it('a revocation that comes due while the vault is locked says so, and runs when the vault is unlocked', async () => {
    const r = await created();
    await r.rotation.chooseRevoke('rotation-0020', '1h');
    r.advance(GRACE_MS['1h']);
    r.vault.status = 'locked';
    await r.rotation.onAlarm('rotation-0020');
    const waiting = await r.rotation.get('rotation-0020');
    expect(waiting.state).toBe('revoke_failed');
    expect(waiting.error?.message).toBe('The vault is locked. Unlock it with your passphrase first.');
    expect(r.venice.callsOf('revokeApiKey')).toEqual([]);
    r.vault.status = 'unlocked';
    await r.rotation.resume();
    expect((await r.rotation.get('rotation-0020')).state).toBe('revoked');
    expect(r.venice.keys.map((k) => k.id)).not.toContain(r.old.id);
  });

  it('a key Venice no longer knows counts as revoked', async () => {
    const r = await created();
    r.venice.fail('revokeApiKey', new VeniceNotFoundError());
    expect((await r.rotation.chooseRevoke('rotation-0020', 'now')).state).toBe('revoked');
  });

  it('a revoke the worker was running when it stopped runs again on resume; due ones run, future ones get their alarm', async () => {
    const r = await created();
    await r.rotation.chooseRevoke('rotation-0020', '1h');
    // As a stopped worker leaves it: the record says revoking, nobody is running it.
    const records = await rotationsItem.getValue();
    const stopped = records['rotation-0020'];
    if (!stopped) throw new Error('no record');
    await rotationsItem.setValue({ ...records, 'rotation-0020': { ...stopped, state: 'revoking' } });
    r.alarms.clear();
    await r.rotation.resume();
    expect((await r.rotation.get('rotation-0020')).state).toBe('revoked');
    expect(r.venice.callsOf('revokeApiKey')).toHaveLength(1);

    // A second rotation scheduled in the future only gets its alarm back.
    const other = makeKey({ description: 'second' });
    r.venice.keys.push(other);
    await r.keys.refresh();
    await r.rotation.start('rotation-0021', other.id);
    const later = await r.rotation.chooseRevoke('rotation-0021', '7d');
    r.alarms.clear();
    await r.rotation.resume();
    expect(r.alarms.get('rotation-0021')).toBe(later.revokeAt);
    expect((await r.rotation.get('rotation-0021')).state).toBe('scheduled');
  });

  it('a rotation whose worker stopped mid-create is answered from the create record, never sent twice', async () => {
    const r = rig();
    const old = makeKey();
    r.venice.keys = [old];
    await r.keys.refresh();
    await r.rotation.start('rotation-0030', old.id);
    // As if the worker stopped after the key service finished but before the rotation noted it.
    const stopped = (await rotationsItem.getValue())['rotation-0030'];
    if (!stopped) throw new Error('no record');
    await rotationsItem.setValue({ 'rotation-0030': { ...stopped, state: 'creating', created: null } });
    const again = await r.rotation.start('rotation-0030', old.id);
    expect(again.rotation.state).toBe('created');
    expect(again.rotation.created).not.toBeNull();
    expect(again.created?.secret).toBeNull();
    expect(r.venice.callsOf('createApiKey')).toHaveLength(1);
  });

  it('a create nobody can account for (the worker stopped while Venice was asked) is a failed create', async () => {
    const r = rig();
    const old = makeKey();
    r.venice.keys = [old];
    await r.keys.refresh();
    await rotationsItem.setValue({
      'rotation-0031': {
        id: 'rotation-0031',
        startedAt: r.deps.now(),
        old: { id: old.id, description: old.description, last6: old.last6Chars, type: 'INFERENCE' },
        created: null,
        roles: { badge: false, management: false },
        badgeMoved: false,
        managementMoved: false,
        state: 'creating',
        revokeAt: null,
        error: null,
        attempts: 0,
        updatedAt: r.deps.now(),
      },
    });
    await r.rotation.resume();
    const record = await r.rotation.get('rotation-0031');
    expect(record.state).toBe('create_failed');
    expect(record.error?.message).toMatch(/interrupted/);
    expect(r.venice.callsOf('createApiKey')).toEqual([]);
  });
});
