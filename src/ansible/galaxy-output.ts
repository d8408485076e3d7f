// Reading ansible-galaxy's output: whether it failed because Ansible Galaxy could not be reached.

const UNREACHABLE = /Failed to (get data from|connect)|Name or service not known|Temporary failure in name resolution|urlopen error|Connection refused|Network is unreachable/i;

export const galaxyUnreachable = (lines: string[]): boolean => lines.some((l) => UNREACHABLE.test(l));

export const GALAXY_OFFLINE_ADVICE =
  'Ansible Galaxy could not be reached (is this machine offline?); install the roles beforehand and point roles_path at them, or drop galaxy_file';
