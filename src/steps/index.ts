// Builder steps any builder composes (after packer-plugin-sdk's multistep/commonsteps). They
// live here, not in src/core, because the core only runs steps and owns connect/provision;
// these are optional building blocks with their own protocol code (src/net, src/download).
export { STEP_KEYS } from './keys.js';
export { outputDirStep, checkOutputDir, existingOutputDir } from './output-dir.js';
export { httpServerStep } from './http-server.js';
export { downloadStep } from './download.js';
export { sshKeyPairStep } from './ssh-key-pair.js';
export { bootCommandStep } from './boot-command.js';
export { shutdownStep, type StoppableMachine } from './shutdown.js';
