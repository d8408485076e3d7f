// Pure helpers of the ssh communicator and the shell provisioner.
import { expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { collectEnv, flattenEnv } from '../../src/components/provisioners/shell/env.js';
import { formatMs } from '../../src/ssh/format.js';
import { LineSplitter } from '../../src/util/lines.js';
import fc from 'fast-check';
import { resolveLocalPath } from '../../src/template/local-path.js';
import { shellQuote } from '../../src/util/shell-quote.js';
import { sshOptions } from '../../src/ssh/options.js';
import { sshDecoded } from '../helpers/decode.js';

test('{{.Vars}}: sorted, single-quoted like Packer, with the build variables; env_var_format', () => {
  const env = collectEnv({ environment_vars: ["B=it's", 'A=x=y'], env: { C: 'map' } }, { buildName: 'web', builderType: 'null' });
  expect(flattenEnv(env)).toBe(`A='x=y' B='it'"'"'s' C='map' PACKER_BUILDER_TYPE='null' PACKER_BUILD_NAME='web' `);
  expect(flattenEnv(new Map([['K', 'v']]), 'export %s="%s"\n')).toBe('export K="v"\n');
});

test('lines: split across chunks, CRLF trimmed, multi-byte characters kept whole, the last partial line flushed', () => {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l));
  const text = Buffer.from('héllo\r\nwörld\npartial');
  for (let i = 0; i < text.length; i++) s.push(text.subarray(i, i + 1));
  s.end();
  expect(lines).toEqual(['héllo', 'wörld', 'partial']);
});

test('lines: any text cut anywhere gives the lines of the whole text', () => {
  const unit = fc.constantFrom('a', 'é', '字', '\n', '\r', ' ');
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 40 }), fc.array(fc.nat(60), { maxLength: 6 }), (text, cuts) => {
      const bytes = Buffer.from(text);
      const at = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
      const lines: string[] = [];
      const s = new LineSplitter((l) => lines.push(l));
      let from = 0;
      for (const c of [...at, bytes.length]) {
        s.push(bytes.subarray(from, c));
        from = c;
      }
      s.end();
      const strip = (l: string) => (l.endsWith('\r') ? l.slice(0, -1) : l);
      const whole = text.split('\n');
      // What follows the last newline is a line too, if there is anything.
      const last = whole.pop()!;
      expect(lines).toEqual([...whole.map(strip), ...(last === '' ? [] : [strip(last)])]);
    }),
    { seed: 16, numRuns: 1000 },
  );
});

test('durations in messages', () => {
  expect(formatMs(450)).toBe('450ms');
  expect(formatMs(1500)).toBe('1.5s');
  expect(formatMs(2000)).toBe('2s');
  expect(formatMs(300_000)).toBe('5m');
  expect(formatMs(3_690_000)).toBe('1h1m30s');
});

test('shell quoting survives quotes and spaces', () => {
  expect(shellQuote("/tmp/a b/it's")).toBe(`'/tmp/a b/it'\\''s'`);
});

test('local paths: absolute, ~, the working directory first, then the template folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pack-path-'));
  try {
    writeFileSync(join(dir, 'only-in-template.sh'), '');
    expect(resolveLocalPath('/etc/hosts', dir)).toBe('/etc/hosts');
    expect(resolveLocalPath('~/x', dir)).toBe(join(homedir(), 'x'));
    expect(resolveLocalPath('only-in-template.sh', dir)).toBe(join(dir, 'only-in-template.sh'));
    expect(resolveLocalPath('package.json', dir)).toBe(join(process.cwd(), 'package.json'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('options: the builder target wins over the template; clear messages for what cannot work', () => {
  const o = sshOptions(
    sshDecoded({ ssh_host: 'template-host', ssh_username: 'u', ssh_password: 'p', ssh_timeout: '90s' }),
    { ssh_host: '10.0.0.5', ssh_port: 2222 },
    undefined,
  );
  expect([o.host, o.port, o.timeout, o.handshakeAttempts, o.keepAliveInterval, o.transfer]).toEqual(['10.0.0.5', 2222, 90_000, 10, 5000, 'scp']);
  expect(() => sshOptions({ ssh_username: 'u', ssh_password: 'p' }, {}, undefined)).toThrow('ssh_host: no host to connect to');
  expect(() => sshOptions({ ssh_host: 'h', ssh_username: 'u' }, {}, undefined)).toThrow('no way to log in');
  // A wrong duration never gets here: the schema refuses it (test/unit/decode.test.ts); the old name still counts.
  expect(sshOptions(sshDecoded({ ssh_host: 'h', ssh_username: 'u', ssh_password: 'p', ssh_wait_timeout: '7s' }), {}, undefined).timeout).toBe(7000);
  expect(() => sshOptions({ ssh_host: 'h', ssh_username: 'u', ssh_password: 'p', ssh_proxy_host: 'socks' }, {}, undefined)).toThrow(
    'ssh_proxy_host: SOCKS5 proxies are not supported',
  );
  const withKey = sshOptions({ ssh_host: 'h', ssh_username: 'u' }, {}, undefined, { privateKey: 'PEM', publicKey: 'ssh-ed25519 AAAA x' });
  expect([withKey.privateKey, withKey.temporaryPublicKey]).toEqual(['PEM', 'ssh-ed25519 AAAA x']);
});

test('folder walks follow links, skip dangling ones and stop at a link back up the tree', async () => {
  const { walkLocal } = await import('../../src/ssh/walk.js');
  const { mkdirSync, symlinkSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'pack-walk-'));
  try {
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'f.txt'), 'x');
    symlinkSync('f.txt', join(dir, 'a', 'link.txt'));
    symlinkSync('..', join(dir, 'a', 'up'));
    symlinkSync('missing', join(dir, 'a', 'dangling'));
    const entries = await walkLocal(dir);
    expect(entries.map((e) => `${e.rel}${e.dir ? '/' : ''}`)).toEqual(['/', 'a/', 'a/f.txt', 'a/link.txt']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
