// The X-Registry-Auth header: base64url JSON of the registry credentials.

export interface RegistryLogin {
  username?: string;
  password?: string;
  serveraddress?: string;
}

export function registryAuthHeader(login: RegistryLogin | undefined): Record<string, string> {
  // Docker wants the header even when empty for pushes; "{}" means anonymous.
  const json = JSON.stringify(login ?? {});
  // Go's base64.URLEncoding: the URL alphabet, with padding (Node's base64url drops it, which Podman rejects).
  const encoded = Buffer.from(json).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  return { 'X-Registry-Auth': encoded };
}
