/**
 * The contract's phone check (preload/contract/phone.ts) calls libphonenumber-js with its `max`
 * metadata, about 50 KiB gzip. In the renderer only the procedure forms check a phone number, so
 * the renderer's Vite config hands phone.ts this module instead, and the library itself loads with
 * those forms: `loadPhoneNumbers()` is awaited before a form is shown (features/shell/MainLayout.tsx).
 * The main process, the preload and the tests use the library directly.
 */
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';

type Parse = (text: string, defaultCountry?: CountryCode) => PhoneNumber | undefined;

let parse: Parse | null = null;
let loading: Promise<void> | null = null;

export function loadPhoneNumbers(): Promise<void> {
  loading ??= import('libphonenumber-js/max').then(
    (library) => {
      parse = library.parsePhoneNumberFromString;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

export function parsePhoneNumberFromString(text: string, defaultCountry?: CountryCode): PhoneNumber | undefined {
  if (!parse) throw new Error('Phone numbers are checked before libphonenumber-js has loaded: await loadPhoneNumbers() first');
  return parse(text, defaultCountry);
}
