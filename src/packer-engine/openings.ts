// How Packer's provisioners announce themselves: the first "==> build: ..." line each prints.
// Packer's machine-readable output has no "provisioner started" record, so these lines mark where
// one provisioner's step ends and the next begins. A type missing here is still matched by the
// generic "Provisioning with" most provisioners print.

const OPENINGS: Record<string, RegExp> = {
  shell: /^Provisioning with shell script: /,
  'shell-local': /^Running local shell script: /,
  file: /^(Uploading|Downloading) /,
  'puppet-masterless': /^Provisioning with Puppet/,
  'puppet-server': /^Provisioning with Puppet/,
  powershell: /^Provisioning with [Pp]owershell/,
  'windows-shell': /^Provisioning with windows-shell/,
  'windows-restart': /^Restarting Machine/,
  ansible: /^Provisioning with Ansible/,
  'ansible-local': /^(Provisioning with Ansible|Uploading )/,
  breakpoint: /^Pausing at breakpoint/,
  'chef-solo': /^Provisioning with chef-solo/,
  'chef-client': /^(Provisioning with chef-client|Creating directory)/,
  'salt-masterless': /^Provisioning with Salt/,
  inspec: /^Provisioning with Inspec/,
  converge: /^Provisioning with Converge/,
};

const GENERIC = /^Provisioning with /;

/** Whether a "==>" line of the build is how a provisioner of this type starts. */
export function opensProvisioner(type: string, text: string): boolean {
  return (OPENINGS[type] ?? GENERIC).test(text);
}

/**
 * Packer's own line before each post-processor: "Running post-processor: TYPE" (JSON), and in HCL2
 * "Running post-processor: NAME (type TYPE)", with an empty NAME when the block has none.
 */
export function postProcessorStarting(text: string): { name: string; type?: string } | undefined {
  const m = /^Running post-processor:\s*(.*?)\s*(?:\(type ([^)]+)\))?$/.exec(text);
  return m ? { name: m[1], ...(m[2] ? { type: m[2] } : {}) } : undefined;
}

/** Packer's line when a provisioner failed and the error-cleanup provisioner runs next. */
export const ERROR_CLEANUP = /^Provisioning step had errors: Running the cleanup provisioner/;
