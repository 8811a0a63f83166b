/** A paper for the citizen, printed in Russian whatever the interface language (see `paperI18n`). */
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { paperI18n } from '../i18n';

export function RussianPaper({ children }: { children: ReactNode }) {
  return <I18nextProvider i18n={paperI18n}>{children}</I18nextProvider>;
}
