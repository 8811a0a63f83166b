/**
 * Enter in the application form never creates it: only the explicit «Создать заявление» does (a
 * browser submits a form on Enter in each of its inputs, and an application created by accident is
 * printed and signed like every other). Enter does the field's own action where it has one (the phone
 * field sends the SMS code; the code field checks it, in PhoneConfirmation) and otherwise moves to
 * the next empty field of the keyboard path (keyboard-path.ts), or to «Создать заявление» after the
 * last one: focus only, the clerk presses it.
 */
import type { KeyboardEvent } from 'react';
import { focusNextEmpty } from './keyboard-path';

/** The id of a phone block's «Отправить код» button (PhoneConfirmation renders it). */
export const sendCodeButtonId = (procedure: string): string => `app-${procedure}-phone-send`;

export function formEnterKey(procedure: string) {
  return (event: KeyboardEvent<HTMLFormElement>): void => {
    if (event.key !== 'Enter' || event.defaultPrevented || event.nativeEvent.isComposing) return;
    const target = event.target;
    // Buttons keep Enter (that is pressing them); text areas keep their new lines.
    if (!(target instanceof HTMLInputElement) && !(target instanceof HTMLSelectElement)) return;
    event.preventDefault();
    if (target.name === 'phone') {
      const send = document.getElementById(sendCodeButtonId(procedure));
      if (send instanceof HTMLButtonElement) {
        if (!send.disabled) send.click();
        return;
      }
    }
    focusNextEmpty(event.currentTarget, target);
  };
}
