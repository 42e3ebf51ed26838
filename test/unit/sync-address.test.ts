// Which sync addresses would send the access code unencrypted to another computer (the settings
// dialog warns before those).
import { describe, expect, it } from 'vitest';
import { isUnencryptedRemote, syncAddressHost } from '../../shared/domain/syncAddress.ts';

describe('unencrypted sync addresses', () => {
  it('warns for ws:// to another computer, by name or address', () => {
    for (const url of ['ws://192.168.1.20:7420', 'ws://sync.region.dk', 'WS://Sync.Region.dk:80/x', 'ws://[fe80::1]:7420', 'ws://127.example.dk', 'ws://10.0.0.1']) {
      expect(isUnencryptedRemote(url), url).toBe(true);
    }
  });

  it('does not warn for wss://, or ws:// to this computer', () => {
    for (const url of ['wss://sync.region.dk', 'wss://192.168.1.20:7420', 'ws://127.0.0.1:7420', 'ws://127.1.2.3', 'ws://localhost:7420', 'ws://[::1]:7420', 'ws://app.localhost']) {
      expect(isUnencryptedRemote(url), url).toBe(false);
    }
  });

  it('reads the host without brackets, port or path', () => {
    expect(syncAddressHost('ws://[::1]:7420/x')).toBe('::1');
    expect(syncAddressHost('wss://Sync.Region.dk:443/path')).toBe('sync.region.dk');
    expect(syncAddressHost('http://x')).toBeNull();
  });
});
