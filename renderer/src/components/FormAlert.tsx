/** The form-level error: the translated error, plus the field messages no field displays. */
import type { AppError } from '../../../preload/contract';
import { errorText, fieldErrorText } from '../i18n';

type Props = { error: AppError | null; shownFields?: readonly string[] };

export function FormAlert({ error, shownFields = [] }: Props) {
  if (!error) return null;
  const rest = Object.entries(error.fields ?? {}).filter(([path]) => !shownFields.includes(path));
  return (
    <div role="alert" className="alert alert--error">
      <p>{errorText(error)}</p>
      {rest.length > 0 && (
        <ul>
          {rest.map(([path, message]) => (
            <li key={path}>{fieldErrorText(error, path) ?? message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
