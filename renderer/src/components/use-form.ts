/**
 * Form state shared by every form: values, errors from the contract's zod schema (shown as the
 * clerk types, or after the first submit), the server's field errors, and the in-flight flag.
 */
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { AppError, FieldErrors, Result } from '../../../preload/contract';

/** First message per dot-joined path, the same shape the main process answers with. */
export function zodFieldErrors(schema: z.ZodType, value: unknown): FieldErrors {
  const parsed = schema.safeParse(value);
  if (parsed.success) return {};
  const fields: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    fields[path] ??= issue.message;
  }
  return fields;
}

type Options<V> = {
  /** Prefix of the input ids: the field `login` of prefix `login` is `login-login`. */
  idPrefix: string;
  validate?: (values: V) => FieldErrors;
  /** Show client errors while typing (otherwise only after the first submit). */
  live?: boolean;
};

export function useForm<V extends Record<string, string>>(initial: V, { idPrefix, validate, live = false }: Options<V>) {
  const [values, setValues] = useState<V>(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const clientErrors = useMemo(() => (validate ? validate(values) : {}), [validate, values]);

  const idOf = useCallback((name: keyof V & string) => `${idPrefix}-${name}`, [idPrefix]);

  const change = useCallback((name: keyof V & string, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setTouched((t) => (t.has(name) ? t : new Set(t).add(name)));
    setServerError((e) => {
      if (!e?.fields?.[name]) return e;
      const { [name]: _dropped, ...fields } = e.fields;
      return { ...e, fields };
    });
  }, []);

  const errorOf = (name: keyof V & string): string | undefined =>
    serverError?.fields?.[name] ?? ((live && touched.has(name)) || submitted ? clientErrors[name] : undefined);

  /** Props for a text input bound to `name`. */
  const bind = (name: keyof V & string) => ({
    id: idOf(name),
    name,
    value: values[name],
    error: errorOf(name),
    onChange: (e: { target: { value: string } }) => change(name, e.target.value),
  });

  const reset = useCallback(
    (next: V = initial) => {
      setValues(next);
      setTouched(new Set());
      setSubmitted(false);
      setServerError(null);
    },
    [initial],
  );

  /** Wraps a submit handler: validates, guards against double submits, keeps the server's error. */
  const onSubmit = (run: (values: V) => Promise<Result<unknown> | void>) => async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setSubmitted(true);
    const errors = validate ? validate(values) : {};
    const firstInvalid = Object.keys(values).find((name) => errors[name]);
    if (firstInvalid) {
      document.getElementById(idOf(firstInvalid))?.focus();
      return;
    }
    if (Object.keys(errors).length > 0) {
      // Errors about the form as a whole (no field of ours) go to the form's alert.
      setServerError({ code: 'validation', message: '', fields: errors });
      return;
    }
    setBusy(true);
    setServerError(null);
    try {
      const result = await run(values);
      if (result && !result.ok) {
        setServerError(result.error);
        const field = Object.keys(values).find((name) => result.error.fields?.[name]);
        if (field) document.getElementById(idOf(field))?.focus();
      }
    } finally {
      setBusy(false);
    }
  };

  return { values, setValues, change, bind, errorOf, busy, serverError, setServerError, reset, onSubmit, fieldNames: Object.keys(values) };
}
