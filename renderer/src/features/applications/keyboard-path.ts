/**
 * The clerk's keyboard path through the application form (issue 16): the fields a clerk is
 * expected to fill carry `data-keyboard-path`; after a scan focus goes to the first of them that is
 * still empty, and Enter (enter-keys.ts) or a finished step (the phone confirmed) goes to the next
 * empty one, or to «Создать заявление» when none is left. A scan fills most of the form, so the
 * path a clerk learns is short: names, phone, code, consent, create.
 */
import { useCallback, useEffect, useState, type KeyboardEvent, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/** Marks a field as a stop of the keyboard path (spread onto the input or select). */
export const onPath = { 'data-keyboard-path': '' } as const;

type Control = HTMLInputElement | HTMLSelectElement;

const isEmpty = (el: Control): boolean => (el instanceof HTMLInputElement && el.type === 'checkbox' ? !el.checked : el.value.trim() === '');

/** The first empty field of the path after `from` in the form's order (from the start when null). */
export function nextEmptyOnPath(form: HTMLFormElement, from: Element | null): Control | null {
  const stops = Array.from(form.querySelectorAll<Control>('[data-keyboard-path]')).filter((el) => !el.disabled);
  const after =
    from === null
      ? stops
      : stops.filter((el) => el !== from && Boolean(from.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING));
  return after.find(isEmpty) ?? null;
}

/** Focus to the next empty field of the path, or to the form's submit button when none is left (never pressing it). */
export function focusNextEmpty(form: HTMLFormElement, from: Element | null): void {
  const next = nextEmptyOnPath(form, from) ?? form.querySelector<HTMLButtonElement>('button[type="submit"]');
  next?.focus();
}

/**
 * Asks for `focusNextEmpty` once React has shown what just changed (a scan's values are in the
 * store before they are in the inputs). `after` is the id of the element to start after; null:
 * from the start of the form.
 */
export function useFocusNextEmpty(formRef: RefObject<HTMLFormElement | null>): (after: string | null) => void {
  const [request, setRequest] = useState<{ after: string | null; n: number } | null>(null);
  useEffect(() => {
    const form = formRef.current;
    if (request === null || form === null) return;
    focusNextEmpty(form, request.after === null ? null : document.getElementById(request.after));
  }, [request, formRef]);
  return useCallback((after: string | null) => setRequest((r) => ({ after, n: (r?.n ?? 0) + 1 })), []);
}

/**
 * Dates the scan filled are no Tab stops (tabIndex -1: a click still reaches them), so Tab from
 * the names does not walk through them. Going back puts them into the Tab order again: the first
 * Shift+Tab in the form does, before the browser moves focus, until the next scan. A date the
 * clerk changed is an ordinary field again.
 */
export function useScanFilledDates(values: Readonly<Record<string, unknown>>) {
  const [scanned, setScanned] = useState<Readonly<Record<string, string | undefined>>>({});
  const [back, setBack] = useState(false);
  const onScan = useCallback((filled: Readonly<Record<string, string | undefined>>) => {
    setScanned(filled);
    setBack(false);
  }, []);
  const tabIndexOf = (field: string): -1 | undefined => {
    const value = scanned[field];
    return !back && value !== undefined && value !== '' && value === values[field] ? -1 : undefined;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Tab' && event.shiftKey && !back) flushSync(() => setBack(true));
  };
  return { onScan, tabIndexOf, onKeyDown };
}
