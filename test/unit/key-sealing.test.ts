/**
 * Linux key sealing (issue 15): safeStorage on `basic_text` encrypts with a built-in password, so
 * it counts as no sealing — the 0600 key file and a warning for IT. Table of the decision
 * main/electron/main.ts takes (Electron cannot run here).
 */
import { describe, expect, it } from 'vitest';
import { chooseKeySealing, type KeySealingInput } from '../../main/key-sealing';

describe('chooseKeySealing', () => {
  const table: { input: KeySealingInput; kind: string; reason?: string }[] = [
    { input: { platform: 'linux', available: true, backend: 'basic_text' }, kind: 'key_file', reason: 'basic_text' },
    { input: { platform: 'linux', available: false, backend: 'basic_text' }, kind: 'key_file', reason: 'unavailable' },
    { input: { platform: 'linux', available: false }, kind: 'key_file', reason: 'unavailable' },
    { input: { platform: 'linux', available: true, backend: 'gnome_libsecret' }, kind: 'sealed' },
    { input: { platform: 'linux', available: true, backend: 'kwallet5' }, kind: 'sealed' },
    { input: { platform: 'linux', available: true, backend: 'kwallet6' }, kind: 'sealed' },
    { input: { platform: 'win32', available: true }, kind: 'sealed' },
    { input: { platform: 'win32', available: false }, kind: 'refuse' },
    { input: { platform: 'darwin', available: true }, kind: 'sealed' },
  ];
  for (const row of table)
    it(`${row.input.platform}, available ${row.input.available}, backend ${row.input.backend ?? '—'} → ${row.kind}`, () => {
      const decision = chooseKeySealing(row.input);
      expect(decision.kind).toBe(row.kind);
      if (decision.kind === 'key_file') {
        expect(decision.reason).toBe(row.reason);
        // IT is told what it means and what to do.
        expect(decision.warning).toContain('okno.key');
        expect(decision.warning).toMatch(/gnome-keyring/);
        expect(decision.warning).toMatch(/KWallet/);
      }
      if (decision.kind === 'refuse') expect(decision.message).toMatch(/Обратитесь к администратору/);
    });
});
