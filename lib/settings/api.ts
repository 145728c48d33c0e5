import { z } from 'zod';
import { method } from '@/lib/messaging/define';
import { getSettings, settingsPatchSchema, updateSettings } from '@/lib/storage/settings';

/** Settings are not secret: pages read them and change them through the background. */
export const settingsApi = {
  'settings.get': method(z.undefined(), () => getSettings()),
  'settings.update': method(settingsPatchSchema, (patch) => updateSettings(patch)),
};
