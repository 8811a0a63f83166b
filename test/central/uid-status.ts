/** GET /v1/uid/{idNumber} on the reference registry: the state of a citizen's UID, the phone masked. */
import { toFieldProblems, type UidStatus } from '../../main/central/schemas';
import { maskPhone } from '../../preload/contract/phone';
import { invalid, json, type Handler } from './http';
import { RegistryIdNumber, type UidRecord } from './registry';

export const uidStatusHandler =
  (uids: ReadonlyMap<string, UidRecord>): Handler =>
  ({ params }) => {
    let raw: string;
    try {
      raw = decodeURIComponent(params[0] ?? '');
    } catch {
      raw = params[0] ?? '';
    }
    const parsed = RegistryIdNumber.safeParse(raw);
    if (!parsed.success) return invalid('The identification number is malformed.', toFieldProblems(parsed.error.issues, ['idNumber']));
    const record = uids.get(parsed.data);
    const body: UidStatus =
      record === undefined
        ? { idNumber: parsed.data, state: 'none' }
        : { idNumber: parsed.data, state: record.state, phoneMasked: maskPhone(record.phone), assignedAt: record.assignedAt };
    return json(200, body);
  };
