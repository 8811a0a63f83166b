/**
 * Where a schema sets no message of its own, zod's built-in one is used: in Russian, so that no
 * answer of the main process and no form error falls back to English.
 */
import { z } from 'zod';

z.config(z.locales.ru());
