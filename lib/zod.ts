/**
 * The one door to zod for production code: zod/mini, which tree-shakes (classic zod put ~84 kB
 * into the worker's bundle, parsed on every cold start), with the English messages classic zod
 * loads by itself. Mini loads no locale, so without them every default message would read
 * "Invalid input", and the messages people and tests read (router, stored items) would change.
 */

import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export { z };
