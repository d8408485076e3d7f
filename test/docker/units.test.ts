// Pure parts of the docker components: run_command translation, stream demuxing, endpoints, schema rules.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRequest } from '../../src/docker/run-command.js';
import { Demuxer } from '../../src/docker/demux.js';
import { LineSplitter } from '../../src/util/lines.js';
import { describeEndpoint, resolveEndpoint } from '../../src/docker/endpoint.js';
import { registryAuthHeader } from '../../src/docker/auth.js';
import { splitReference } from '../../src/docker/images.js';
import { DEFAULT_RUN_COMMAND, definition } from '../../src/components/builders/docker/schema.js';
import { definition as tagDefinition } from '../../src/components/post-processors/docker-tag/schema.js';
import { postProcessor as tagPostProcessor } from '../../src/components/post-processors/docker-tag/index.js';

describe('run_command -> container create', () => {
  it("translates Packer's default", () => {
    const r = createRequest(DEFAULT_RUN_COMMAND.map((a) => a.replace('{{.Image}}', 'debian:12')));
    expect(r.body.Image).toBe('debian:12');
    expect(r.body.Entrypoint).toEqual(['/bin/sh']);
    expect(r.body.Tty).toBe(true);
    expect(r.body.OpenStdin).toBe(true);
    expect(r.body.Cmd).toBeUndefined();
  });

  it('stops at the image like docker run, and takes the rest as the command', () => {
    const r = createRequest(['-d', '-v', '/a:/b', '--name=x', '-e', 'A=1', 'img:1', 'sleep', '-x', '100']);
    expect(r.body.Image).toBe('img:1');
    expect(r.body.Cmd).toEqual(['sleep', '-x', '100']);
    expect(r.body.HostConfig.Binds).toEqual(['/a:/b']);
    expect(r.body.Env).toEqual(['A=1']);
    expect(r.query.name).toBe('x');
  });

  it('adds the builder settings (volumes, privileged, caps, tmpfs, devices, platform)', () => {
    const r = createRequest(['-d', '--', 'img'], {
      volumes: { '/host': '/in' },
      privileged: true,
      capAdd: ['SYS_ADMIN'],
      capDrop: ['NET_RAW'],
      tmpfs: ['/run:size=1m'],
      device: ['/dev/fuse'],
      platform: 'linux/amd64',
    });
    expect(r.body.HostConfig).toMatchObject({
      Privileged: true,
      Binds: ['/host:/in'],
      CapAdd: ['SYS_ADMIN'],
      CapDrop: ['NET_RAW'],
      Tmpfs: { '/run': 'size=1m' },
      Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }],
    });
    expect(r.query.platform).toBe('linux/amd64');
  });

  it('refuses options it does not know, naming them', () => {
    expect(() => createRequest(['--gpus', 'all', 'img'])).toThrow(/run_command: .*--gpus/);
  });

  it('needs an image', () => {
    expect(() => createRequest(['-d', '-i'])).toThrow(/names no image/);
  });
});

function frame(stream: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

describe('attach stream demuxing', () => {
  it('splits stdout and stderr lines whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(1, 2), fc.string({ maxLength: 20 })), { maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }),
        (frames, cuts) => {
          const all = Buffer.concat(frames.map(([s, t]) => frame(s, t)));
          const got = { stdout: '', stderr: '' };
          const d = new Demuxer((s, data) => (got[s] += data.toString()));
          let pos = 0;
          let i = 0;
          while (pos < all.length) {
            const n = cuts[i++ % cuts.length];
            d.push(all.subarray(pos, pos + n));
            pos += n;
          }
          expect(got.stdout).toBe(frames.filter(([s]) => s === 1).map(([, t]) => t).join(''));
          expect(got.stderr).toBe(frames.filter(([s]) => s === 2).map(([, t]) => t).join(''));
        },
      ),
    );
  });

  it('gives lines without their newline, keeps a multi-byte character split across chunks, flushes the last line', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const euro = Buffer.from('a€\r\nb');
    s.push(euro.subarray(0, 2));
    s.push(euro.subarray(2));
    s.end();
    expect(lines).toEqual(['a€', 'b']);
  });
});

describe('engine endpoint', () => {
  it('reads DOCKER_HOST, or falls back to the default socket', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'unix:///x/y.sock' }).socketPath).toBe('/x/y.sock');
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://10.0.0.1:2376' })).toMatchObject({ host: '10.0.0.1', port: 2376 });
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://example' })).toMatchObject({ host: 'example', port: 2375 });
    const d = resolveEndpoint({});
    expect(d.socketPath).toBe('/var/run/docker.sock');
    expect(describeEndpoint(d)).toBe('the default socket /var/run/docker.sock (DOCKER_HOST is not set)');
    expect(resolveEndpoint({ DOCKER_HOST: 'ssh://me@host:2222' }).ssh).toEqual({ host: 'host', user: 'me', port: 2222 });
    expect(resolveEndpoint({ DOCKER_HOST: 'ssh://host' }).ssh).toEqual({ host: 'host' });
    expect(() => resolveEndpoint({ DOCKER_HOST: 'ftp://host' })).toThrow(/DOCKER_HOST="ftp:\/\/host" is not understood/);
    // TLS: the certificates' folder is read at once; a missing CA is named.
    expect(() => resolveEndpoint({ DOCKER_HOST: 'tcp://h', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nonexistent' })).toThrow(/needs \/nonexistent\/ca\.pem: ENOENT/);
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://h', DOCKER_TLS: '1', DOCKER_CERT_PATH: '/nonexistent' })).toMatchObject({ port: 2376, tls: { verify: false } });
  });
});

describe('registry auth and references', () => {
  it("encodes credentials like Go's base64.URLEncoding (padding kept)", () => {
    const h = registryAuthHeader({ username: 'u', password: 'p?>', serveraddress: 'r:5000' })['X-Registry-Auth'];
    expect(h).not.toMatch(/[+/]/);
    expect(JSON.parse(Buffer.from(h.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString())).toEqual({
      username: 'u',
      password: 'p?>',
      serveraddress: 'r:5000',
    });
    expect(registryAuthHeader(undefined)['X-Registry-Auth']).toBe('e30=');
  });

  it('splits repo and tag without mistaking a registry port for a tag', () => {
    expect(splitReference('127.0.0.1:5000/a/b:v1')).toEqual({ repo: '127.0.0.1:5000/a/b', tag: 'v1' });
    expect(splitReference('127.0.0.1:5000/a/b')).toEqual({ repo: '127.0.0.1:5000/a/b' });
    expect(splitReference('a/b@sha256:00')).toEqual({ repo: 'a/b' });
  });
});

describe('docker schemas', () => {
  it('runsHere is false when nothing answers at DOCKER_HOST', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///nonexistent/pack-test.sock';
    try {
      expect(await definition.runsHere!()).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  const check = (c: Record<string, unknown>) => definition.check!({ image: 'x', ...c }, { templateDir: '.' });
  it('wants exactly one of commit, discard, export_path', () => {
    expect(check({ commit: true })).toEqual([]);
    expect(check({ export_path: 'o.tar' })).toEqual([]);
    expect(check({})).toEqual(['one of "commit", "discard" or "export_path" must be set']);
    expect(check({ commit: true, discard: true })[0]).toContain('only one of');
  });
  it('checks change instructions', () => {
    expect(check({ commit: true, changes: ['CMD ["x"]', 'label a=b'] })).toEqual([]);
    expect(check({ commit: true, changes: ['RUN echo'] })[0]).toContain('"RUN echo" does not start with one of');
  });
  it('lists docker first among its communicators; docker-tag takes tags and the old tag together, as Packer 1.6.6', () => {
    expect(definition.communicators[0]).toBe('docker');
    expect(tagDefinition.check?.({ repository: 'r', tag: 'a', tags: ['b'] }, { templateDir: '.' }) ?? []).toEqual([]);
    expect(tagPostProcessor.summary?.({ repository: 'r', tag: 'a', tags: ['b', 'c'] })).toBe('r:b,c,a');
    expect(tagPostProcessor.summary?.({ repository: 'r' })).toBe('r:latest');
  });
});
