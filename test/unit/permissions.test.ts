import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { channelNames, channels, mayCall, permissions, roles, type ChannelName } from '../../preload/contract';

/** Every object key reachable in a schema (through arrays, optionals, unions, records, pipes). */
function keysOf(schema: z.ZodType, seen = new Set<z.ZodType>()): Set<string> {
  const keys = new Set<string>();
  if (seen.has(schema)) return keys;
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown>;
  const visit = (child: unknown) => {
    if (child && typeof child === 'object' && '_zod' in child) for (const k of keysOf(child as z.ZodType, seen)) keys.add(k);
  };
  if (def['type'] === 'object') {
    for (const [key, child] of Object.entries(def['shape'] as Record<string, unknown>)) {
      keys.add(key);
      visit(child);
    }
  }
  for (const field of ['innerType', 'element', 'valueType', 'in', 'out', 'left', 'right']) visit(def[field]);
  if (Array.isArray(def['options'])) for (const option of def['options']) visit(option);
  return keys;
}

/** Fields that carry a citizen's personal data in or out of a channel. */
const PERSONAL_KEYS = ['personal', 'person', 'idNumber', 'idMasked', 'phone', 'document', 'surname'];

const carriesPersonalData = (name: ChannelName) => {
  const keys = new Set([...keysOf(channels[name].input), ...keysOf(channels[name].output)]);
  return PERSONAL_KEYS.some((k) => keys.has(k));
};

describe('permission matrix', () => {
  it('covers every channel', () => {
    for (const name of channelNames) expect(permissions[name], name).toBeDefined();
  });

  it('gives nobody without a session anything but public channels', () => {
    for (const name of channelNames) expect(mayCall(name, null)).toBe(permissions[name].access === 'public');
  });

  it('finds the channels with personal data by their schemas (so the next check is not vacuous)', () => {
    const personal = channelNames.filter(carriesPersonalData);
    expect(personal).toEqual(
      expect.arrayContaining([
        'applications.create',
        'applications.get',
        'journal.list',
        'devices.takeScan',
        'subjects.report',
        'subjects.erase',
      ]),
    );
    expect(personal).not.toContain('settings.update');
  });

  it('never lets the admin or a public caller near personal data', () => {
    for (const name of channelNames.filter(carriesPersonalData)) {
      expect(mayCall(name, 'admin'), name).toBe(false);
      expect(permissions[name].access, name).not.toBe('public');
      expect(permissions[name].access, name).not.toBe('signedIn');
    }
  });

  it('keeps the supervisor’s work to supervisors: audit, data-subject requests, reports', () => {
    const supervisorOnly = channelNames.filter((n) => roles.every((r) => mayCall(n, r) === (r === 'supervisor')));
    expect(supervisorOnly.sort()).toEqual([
      'audit.export',
      'audit.list',
      'audit.verify',
      'reports.endOfDay',
      'reports.exportCsv',
      'reports.officeSummary',
      'reports.summary',
      'subjects.erase',
      'subjects.find',
      'subjects.report',
    ]);
  });

  it('keeps settings, devices set-up and accounts to the admin', () => {
    for (const name of [
      'settings.update',
      'devices.ports',
      'devices.testLabel',
      'clerks.create',
      'clerks.update',
      'clerks.resetPassword',
      'registry.setToken',
    ] as const) {
      expect(
        roles.filter((r) => mayCall(name, r)),
        name,
      ).toEqual(['admin']);
    }
  });
});
