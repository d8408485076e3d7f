// Issue #17, unclear messages replaced by ones naming the file, the field and the cause:
// pack init -o on a folder or in a missing folder, an SSH null builder with no way to log in
// (refused at validate, as Packer), undeclared variables in a .pkrvars.hcl (a warning, as
// Packer), a non-string communicator or type.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPack } from '../helpers/pack.js';
import { expectNoCrash, scratch } from './tools.js';

const s = scratch();
afterAll(() => s.remove());
const pack = (args: string[]) => runPack(args, { cwd: s.dir, env: { TMPDIR: s.tmp, CI: 'true' }, timeoutMs: 20_000 });

describe('pack init -o', () => {
  it('a folder: says it is a folder and suggests a file in it', async () => {
    mkdirSync(join(s.dir, 'odir'));
    const r = await pack(['init', '-yes', '-builder', 'null', '-o', 'odir']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pack init: -o odir is a folder: give a file name, e.g. -o odir/template.yaml');
    expectNoCrash(r);
  });

  it('in a missing folder: names the folder to create', async () => {
    const r = await pack(['init', '-yes', '-builder', 'null', '-o', 'missing/sub/t.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the folder missing/sub (for -o missing/sub/t.yaml) does not exist');
    expect(existsSync(join(s.dir, 'missing'))).toBe(false);
    expectNoCrash(r);
  });
});

describe('validate', () => {
  it('an SSH null builder with no password, key or agent is refused, as Packer refuses it', async () => {
    const path = s.write('noauth.json', { builders: [{ type: 'null', ssh_host: '127.0.0.1', ssh_username: 'u' }] });
    const r = await pack(['validate', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('one authentication method must be specified: ssh_password, ssh_private_key_file or ssh_agent_auth');
  });

  it('variables a .pkrvars.hcl sets but no block declares: a warning, as Packer, and exit 0', async () => {
    const tpl = s.write('v.pkr.hcl', 'variable "a" {\n  default = "x"\n}\nsource "null" "x" {\n  communicator = "none"\n}\nbuild {\n  sources = ["source.null.x"]\n}\n');
    s.write('v.pkrvars.hcl', 'a = "y"\nundeclared = "z"\n');
    const r = await pack(['validate', '-var-file=v.pkrvars.hcl', tpl]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Warning: undefined variable "undeclared" set in v.pkrvars.hcl');
  });

  it('HCL communicator = ["none"]: says the communicator must be a name, nothing else', async () => {
    const tpl = s.write('comm.pkr.hcl', 'source "null" "x" {\n  communicator = ["none"]\n}\nbuild {\n  sources = ["source.null.x"]\n}\n');
    const r = await pack(['validate', tpl]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('source.null.x.communicator: must be the name of a communicator as a string (ssh, none), not ["none"]');
    expect(r.stderr).not.toContain('unknown configuration key');
    expect(r.stderr).toContain('1 error occurred');
  });

  it('"type": 5 says what the type is, not that it is missing', async () => {
    const path = s.write('t5.json', { builders: [{ type: 5 }] });
    const r = await pack(['validate', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('builders[0]: "type" must be the name of a builder (null, file, docker, qemu...) as a string, not a number (5)');
  });
});
