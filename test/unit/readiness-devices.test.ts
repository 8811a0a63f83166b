/** The device facts of the readiness check from the running app's device status (main/readiness/checks-devices.ts). */
import { describe, expect, it } from 'vitest';
import { liveDeviceFacts, type DeviceFacts } from '../../main/readiness/checks-devices';
import type { DeviceState, DevicesStatus } from '../../preload/contract';

const status = (reader: DeviceState, printer: DeviceState): DevicesStatus => ({
  reader: { path: 'COM3', status: reader },
  printer: { path: 'COM4', status: printer, queued: 0 },
});

const cases: [string, DevicesStatus, DeviceFacts][] = [
  [
    'nothing configured',
    status({ state: 'not_configured' }, { state: 'not_configured' }),
    { reader: { kind: 'not_configured' }, printer: { kind: 'not_configured' }, printerStatus: { kind: 'no_printer' } },
  ],
  [
    'both ready',
    status({ state: 'ready' }, { state: 'ready' }),
    { reader: { kind: 'open', path: 'COM3' }, printer: { kind: 'open', path: 'COM4' }, printerStatus: { kind: 'ready' } },
  ],
  [
    'unplugged',
    status({ state: 'disconnected', message: 'x' }, { state: 'disconnected', message: 'y' }),
    { reader: { kind: 'not_found', path: 'COM3' }, printer: { kind: 'not_found', path: 'COM4' }, printerStatus: { kind: 'not_asked' } },
  ],
  [
    'ports busy',
    status({ state: 'error', code: 'busy', message: 'занят' }, { state: 'error', code: 'busy', message: 'занят' }),
    { reader: { kind: 'busy', path: 'COM3' }, printer: { kind: 'busy', path: 'COM4' }, printerStatus: { kind: 'not_asked' } },
  ],
  [
    'still connecting',
    status({ state: 'connecting' }, { state: 'connecting' }),
    { reader: { kind: 'connecting', path: 'COM3' }, printer: { kind: 'connecting', path: 'COM4' }, printerStatus: { kind: 'not_asked' } },
  ],
  [
    'printer out of paper: the port is open, the printer reports it',
    status({ state: 'ready' }, { state: 'error', code: 'paper_out', message: 'Нет этикеток.' }),
    {
      reader: { kind: 'open', path: 'COM3' },
      printer: { kind: 'open', path: 'COM4' },
      printerStatus: { kind: 'problem', message: 'Нет этикеток.' },
    },
  ],
  [
    'printer silent',
    status({ state: 'ready' }, { state: 'error', code: 'no_answer', message: 'Не отвечает.' }),
    { reader: { kind: 'open', path: 'COM3' }, printer: { kind: 'open', path: 'COM4' }, printerStatus: { kind: 'silent' } },
  ],
];

describe('liveDeviceFacts', () => {
  it.each(cases)('%s', (_name, input, expected) => expect(liveDeviceFacts(input)).toEqual(expected));
});
