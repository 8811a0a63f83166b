/**
 * Enter in the application form never creates it: only the explicit «Создать заявление» does (a
 * browser submits a form on Enter in each of its inputs, and an application created by accident is
 * printed and signed like every other). Enter does the field's own action where it has one (the phone
 * field sends the SMS code; the code field checks it, in PhoneConfirmation) and otherwise moves to
 * the next field.
 */
import type { KeyboardEvent } from 'react';

/** The id of a phone block's «Отправить код» button (PhoneConfirmation renders it). */
export const sendCodeButtonId = (procedure: string): string => `app-${procedure}-phone-send`;

function nextField(form: HTMLFormElement, from: HTMLElement): HTMLElement | null {
  const fields = Array.from(
    form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea'),
  ).filter((el) => !el.disabled && el.type !== 'hidden');
  const at = fields.indexOf(from as HTMLInputElement);
  return at < 0 ? null : (fields[at + 1] ?? null);
}

export function formEnterKey(procedure: string) {
  return (event: KeyboardEvent<HTMLFormElement>): void => {
    if (event.key !== 'Enter' || event.defaultPrevented || event.nativeEvent.isComposing) return;
    const target = event.target;
    // Buttons keep Enter (that is pressing them); selects and text areas never submit.
    if (!(target instanceof HTMLInputElement)) return;
    event.preventDefault();
    if (target.name === 'phone') {
      const send = document.getElementById(sendCodeButtonId(procedure));
      if (send instanceof HTMLButtonElement) {
        if (!send.disabled) send.click();
        return;
      }
    }
    nextField(event.currentTarget, target)?.focus();
  };
}
