// The X-Registry-Auth header: base64url JSON of the registry credentials.

export interface RegistryLogin {
  username?: string;
  password?: string;
  serveraddress?: string;
}

export function registryAuthHeader(login: RegistryLogin | undefined): Record<string, string> {
  // Docker wants the header even when empty for pushes; "{}" means anonymous.
  const json = JSON.stringify(login ?? {});
  return { 'X-Registry-Auth': Buffer.from(json).toString('base64url') };
}
