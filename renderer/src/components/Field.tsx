/** A labelled input or select with its hint and error, wired for assistive technology. */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { fieldText } from '../i18n';

type Common = {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  note?: ReactNode;
};

function describedBy(id: string, hint: string | undefined, error: string | undefined, note: ReactNode): string | undefined {
  const ids = [error ? `${id}-error` : null, hint && !error ? `${id}-hint` : null, note ? `${id}-note` : null].filter((x) => x !== null);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Extras({ id, hint, error, note }: Omit<Common, 'label'>) {
  return (
    <>
      {error && (
        <p id={`${id}-error`} className="field__error">
          {/* Words from the contract or the main process are Russian: said in the clerk's language by their code. */}
          {fieldText(error)}
        </p>
      )}
      {hint && !error && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {note && (
        <p id={`${id}-note`} className="field__note">
          {note}
        </p>
      )}
    </>
  );
}

export function Field({ id, label, hint, error, note, className, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error, note)} {...input} />
      <Extras id={id} hint={hint} error={error} note={note} />
    </div>
  );
}

/** `lang`: an option in another language than the interface (a language's own name). */
export type Option = { value: string; label: string; lang?: string };

export function SelectField({
  id,
  label,
  hint,
  error,
  note,
  options,
  className,
  ...select
}: Common & { options: readonly Option[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error, note)} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
      <Extras id={id} hint={hint} error={error} note={note} />
    </div>
  );
}
