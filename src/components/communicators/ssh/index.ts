import { STATE, type CommunicatorFactory } from '../../../core/components.js';
import { SshCommunicator } from '../../../ssh/communicator.js';
import { sshOptions } from '../../../ssh/options.js';

export const communicator: CommunicatorFactory = {
  async connect(config, target, ctx, state) {
    const stateKey = state.get(STATE.sshKeyPair) as { privateKey: string; publicKey: string } | undefined;
    const options = sshOptions(config, target, ctx.templateDir, stateKey);
    for (const secret of [options.password, options.passphrase, options.bastion?.password]) {
      if (secret) ctx.addSecret(secret);
    }
    ctx.ui.say(`Using ssh communicator to connect: ${options.host}`);
    return SshCommunicator.connect(options, ctx.ui, ctx.signal);
  },
};
