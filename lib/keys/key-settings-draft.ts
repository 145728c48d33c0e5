/**
 * The key-settings draft and its blank form, apart from the validation in key-settings.ts: the
 * popup's first paint restores a draft and needs only this (its initial load stays small).
 */
import type { ApiKeyType, LimitPeriod, ModelPrivacy } from '@/lib/venice/types';

export type ExpiryMode = 'none' | 'date' | 'datetime';

export interface KeySettingsDraft {
  apiKeyType: ApiKeyType;
  description: string;
  expiryMode: ExpiryMode;
  /** YYYY-MM-DD (UTC day). */
  expiryDate: string;
  /** HH:MM or HH:MM:SS, UTC. Used when expiryMode is 'datetime'. */
  expiryTime: string;
  /** As typed; '' = no cap. */
  usdCap: string;
  diemCap: string;
  limitPeriod: LimitPeriod;
  modelPrivacy: ModelPrivacy;
}

export function defaultKeySettings(): KeySettingsDraft {
  return {
    apiKeyType: 'INFERENCE',
    description: '',
    expiryMode: 'none',
    expiryDate: '',
    expiryTime: '',
    usdCap: '',
    diemCap: '',
    limitPeriod: 'EPOCH',
    modelPrivacy: 'ALL',
  };
}
