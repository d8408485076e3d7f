// The provisioners' connection record: the communicator's description, the builder's HTTP server
// and temporary key (its file 0600), the build's names; and Packer's HTTP variables from it.
import { afterAll, expect, test } from 'vitest';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATE, setState, type BuildContext, type StateBag } from '../../src/core/components.js';
import { connectionInfo, httpEnvironment } from '../../src/core/connection-info.js';

const tempDir = mkdtempSync(join(tmpdir(), 'pack-conn-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
const ctx = { builderType: 'qemu', buildName: 'b', tempDir } as BuildContext;

test('ssh with the builder\'s temporary key and HTTP server', () => {
  const state: StateBag = new Map();
  setState(state, STATE.http, { ip: '10.0.2.2', port: 8123 });
  setState(state, STATE.sshKeyPair, { privateKey: 'PEM', publicKey: 'ssh-ed25519 AAAA', privateKeyFile: '/keys/id' });
  const conn = connectionInfo('ssh', { host: '127.0.0.1', port: 2222, user: 'root', privateKey: 'PEM' }, state, ctx);
  expect(conn).toEqual({
    type: 'ssh', builderType: 'qemu', buildName: 'b', host: '127.0.0.1', port: 2222, user: 'root',
    privateKey: 'PEM', temporaryKey: true, privateKeyFile: '/keys/id', httpAddr: '10.0.2.2:8123', httpIp: '10.0.2.2', httpPort: 8123,
  });
  expect(httpEnvironment(conn)).toEqual([['PACKER_HTTP_ADDR', '10.0.2.2:8123'], ['PACKER_HTTP_IP', '10.0.2.2'], ['PACKER_HTTP_PORT', '8123']]);
});

test('a key given as text only is written to a 0600 file; no HTTP server, no HTTP variables', () => {
  const conn = connectionInfo('ssh', { host: 'h', user: 'u', privateKey: 'TEXT' }, new Map(), ctx);
  expect(conn.temporaryKey).toBeUndefined();
  expect(readFileSync(conn.privateKeyFile!, 'utf8')).toBe('TEXT');
  expect(statSync(conn.privateKeyFile!).mode & 0o777).toBe(0o600);
  expect(httpEnvironment(conn)).toEqual([]);
});

test('docker: the container id; password logins keep the password and take no temporary key', () => {
  const state: StateBag = new Map();
  setState(state, STATE.sshKeyPair, { privateKey: 'PEM', publicKey: 'k' });
  expect(connectionInfo('docker', { id: 'c0ffee' }, state, ctx)).toEqual({ type: 'docker', builderType: 'qemu', buildName: 'b', id: 'c0ffee' });
  expect(connectionInfo('ssh', { host: 'h', user: 'u', password: 'pw' }, state, ctx).privateKey).toBeUndefined();
});
