import { describe, expect, it } from 'vitest';
import { channelNames, mayCall, permissions } from '../../preload/contract';

describe('permission matrix', () => {
  it('covers every channel', () => {
    for (const name of channelNames) expect(permissions[name], name).toBeDefined();
  });
  it('gives nobody without a session anything but public channels', () => {
    for (const name of channelNames) expect(mayCall(name, null)).toBe(permissions[name].access === 'public');
  });
});
