/**
 * A date as one text field with the ДД.ММ.ГГГГ mask, in place of the browser's date input (which
 * shows the system's locale, mm/dd/yyyy on an English Windows, and takes four Tab stops). The form
 * keeps 'YYYY-MM-DD'; an incomplete or impossible date is kept as typed so validation names it.
 */
import { useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { maskDate, shownDate, storedDate } from '../format/date-input';
import { Field } from './Field';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  id: string;
  label: string;
  value: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  onChange: (e: { target: { value: string } }) => void;
};

export function DateField({ value, onChange, hint, ...rest }: Props) {
  const { t } = useTranslation();
  const stored = value ?? '';
  // The text follows the stored value unless the clerk is typing what maps to that value.
  const [text, setText] = useState(() => shownDate(stored));
  const shown = storedDate(maskDate(text)) === stored ? text : shownDate(stored);
  return (
    <Field
      {...rest}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      maxLength={10}
      placeholder={t('date.placeholder')}
      hint={hint}
      value={shown}
      onChange={(e) => {
        const masked = maskDate(e.target.value);
        setText(masked.text);
        onChange({ target: { value: storedDate(masked) } });
      }}
    />
  );
}
