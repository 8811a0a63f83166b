/**
 * The identification-number field's typing (DOMAIN.md 3.5): what normalizeIdNumberTyping does is
 * applied at once, with no click, and the caret stays where the clerk was typing (a removed space
 * or hyphen would otherwise send it to the end). Changes of a character's identity (O → 0,
 * I/l → 1) are not made here: the form offers them as «Исправить на …».
 */
import { useLayoutEffect, useRef, type ChangeEvent } from 'react';
import { normalizeIdNumberTyping } from '../../../../preload/contract';

export function useIdNumberInput(onValue: (value: string) => void): (event: ChangeEvent<HTMLInputElement>) => void {
  const caret = useRef<{ input: HTMLInputElement; at: number } | null>(null);

  // After the render that wrote the normalised value (React puts the caret at the end then).
  useLayoutEffect(() => {
    const pending = caret.current;
    if (pending === null) return;
    caret.current = null;
    if (document.activeElement === pending.input) pending.input.setSelectionRange(pending.at, pending.at);
  });

  return (event) => {
    const input = event.target;
    const raw = input.value;
    const value = normalizeIdNumberTyping(raw);
    const at = input.selectionStart;
    // The prefix normalises to the prefix of the whole (positions count from the left).
    if (value !== raw && at !== null) caret.current = { input, at: normalizeIdNumberTyping(raw.slice(0, at)).length };
    onValue(value);
  };
}
