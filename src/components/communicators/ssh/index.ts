import { STATE, getState, type CommunicatorFactory } from '../../../core/components.js';
import { SshCommunicator } from '../../../ssh/communicator.js';
import { sshOptions } from '../../../ssh/options.js';
import { resolveLocalPath } from '../../../template/local-path.js';

export const communicator: CommunicatorFactory = {
  async connect(config, target, ctx, state) {
    const stateKey = getState(state, STATE.sshKeyPair);
    const options = sshOptions(config, target, ctx.templateDir, stateKey);
    for (const secret of [options.password, options.passphrase, options.bastion?.password]) {
      if (secret) ctx.addSecret(secret);
    }
    ctx.ui.say(`Using ssh communicator to connect: ${options.host}`);
    return SshCommunicator.connect(options, ctx.ui, ctx.signal);
  },
  describe(config, target, ctx, state) {
    const o = sshOptions(config, target, ctx.templateDir, getState(state, STATE.sshKeyPair));
    const keyFile = { ...config, ...target }.ssh_private_key_file;
    return {
      host: o.host,
      port: o.port,
      user: o.username,
      ...(o.password !== undefined ? { password: o.password } : {}),
      ...(o.privateKey ? { privateKey: o.privateKey } : {}),
      // The template's own key file; a builder's temporary key is added by the core.
      ...(typeof keyFile === 'string' && keyFile ? { privateKeyFile: resolveLocalPath(keyFile, ctx.templateDir) } : {}),
    };
  },
};
