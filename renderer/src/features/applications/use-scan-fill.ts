/**
 * A scanned document fills the open application form. Only a mounted form listens (one section
 * is shown at a time), and only while the session is active: it takes the scan from the main
 * process (`devices.takeScan`, once per scan) and fills the draft with what the MRZ says. A bad
 * read fills nothing; its reason is shown instead. A document read well but refused (expired) fills
 * nothing either: what was read and why it is refused are shown. A good scan made just before the form opened
 * (the header said «Документ считан — откройте процедуру») or while the session was locked is
 * taken when the form opens or the session is unlocked.
 */
import { useEffect, useRef, useState } from 'react';
import { scanRefusalCodes, type AppError, type Procedure, type ScannedDocument } from '../../../../preload/contract';
import { api } from '../../api';
import { useApplicationForm, type TextField } from '../../stores/application-form';
import { subscribeScan, takeUnclaimedScan } from '../../stores/devices';
import { useSession } from '../../stores/session';

export type ScanOutcome =
  /** `cleared`: the form held another citizen and was emptied first; `alert` when the clerk had typed into it. */
  | { kind: 'filled'; warnings: readonly string[]; cleared: boolean; alert: boolean }
  /** The reader could not read the document (bad characters, check digits…): main's own words. */
  | { kind: 'unreadable'; code: string; message: string }
  /** Taking the scan failed for a reason the clerk should know. */
  | { kind: 'failed'; error: AppError }
  /** Read well but refused (an expired document): what was read and why; the form is left as it was. */
  | { kind: 'refused'; document: ScannedDocument & { refusal: NonNullable<ScannedDocument['refusal']> } };

/** A read refused by a rule (not a misread): taken like a good one, to show what was read. */
const isRefusal = (code: string): boolean => (scanRefusalCodes as readonly string[]).includes(code);

/** Taken by another window, or gone: not this form's business. */
const silentFailures: readonly AppError['code'][] = ['not_found', 'conflict', 'session_locked'];

/** The form fields a scan sets; anything the MRZ does not tell is left as the clerk typed it. */
export function scannedValues(scan: ScannedDocument): Partial<Record<TextField, string>> {
  const values: Partial<Record<TextField, string>> = {
    'person.surnameLatin': scan.surnameLatin,
    'person.givenNamesLatin': scan.givenNamesLatin,
    'person.citizenship': scan.citizenship,
    'document.number': scan.number,
    'document.expiresAt': scan.expiresAt,
  };
  if (scan.idNumber !== undefined) values.idNumber = scan.idNumber;
  if (scan.birthDate !== undefined) values['person.birthDate'] = scan.birthDate;
  if (scan.sex !== undefined) values['person.sex'] = scan.sex;
  if (scan.documentType !== undefined) values['document.type'] = scan.documentType;
  if (scan.series !== undefined) values['document.series'] = scan.series;
  return values;
}

/** What a scan put into the draft, field by field. */
export type ScannedValues = Partial<Record<TextField, string>>;

/**
 * Listens for scans while the form is mounted. `onFilled` runs after the draft was filled with
 * `values` (the form clears the server's errors of those fields, or all of them when the draft was
 * emptied for another citizen, and moves focus to the first field the scan could not fill).
 */
export function useScanFill(procedure: Procedure, onFilled: (values: ScannedValues, cleared: boolean) => void) {
  const [outcome, setOutcome] = useState<ScanOutcome | null>(null);
  const onFilledRef = useRef(onFilled);
  useEffect(() => {
    onFilledRef.current = onFilled;
  });

  useEffect(() => {
    /** Only the latest scan's answer counts when two arrive close together. */
    let latest = 0;
    // The draft is this procedure's wherever the clerk went meanwhile: a scan taken is never dropped.
    const take = (scanId: string) => {
      const request = ++latest;
      void api['devices.takeScan']({ scanId }).then((result) => {
        if (request !== latest) return;
        if (!result.ok) {
          if (!silentFailures.includes(result.error.code)) setOutcome({ kind: 'failed', error: result.error });
          return;
        }
        const { refusal } = result.value;
        if (refusal !== undefined) {
          setOutcome({ kind: 'refused', document: { ...result.value, refusal } });
          return;
        }
        const values = scannedValues(result.value);
        const { cleared, hadTyped } = useApplicationForm.getState().scan(procedure, values);
        setOutcome({ kind: 'filled', warnings: result.value.warnings, cleared, alert: cleared && hadTyped });
        onFilledRef.current(values, cleared);
      });
    };
    const unsubscribe = subscribeScan((event) => {
      if (useSession.getState().session?.state !== 'active') return false;
      if (event.ok || isRefusal(event.error.code)) take(event.scanId);
      else {
        latest += 1;
        setOutcome({ kind: 'unreadable', code: event.error.code, message: event.error.message });
      }
      return true;
    });
    // A scan made just before the form opened, or while the session was locked, is taken now.
    const takeWaiting = () => {
      if (useSession.getState().session?.state !== 'active') return;
      const waiting = takeUnclaimedScan();
      if (waiting !== null) take(waiting);
    };
    takeWaiting();
    const unsubscribeSession = useSession.subscribe((state, previous) => {
      if (state.session?.state === 'active' && previous.session?.state === 'locked') takeWaiting();
    });
    return () => {
      unsubscribe();
      unsubscribeSession();
    };
  }, [procedure]);

  return { outcome };
}
