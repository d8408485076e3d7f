// Where a download comes from: a local file (used in place) or a URL to fetch.
import { resolveLocalPath } from '../template/local-path.js';

/** True for a path or file:// URL (used in place), false for a URL to download. */
export function isLocalSource(source: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('file://');
}

/** The file a local source names, through the one local-path resolver. */
export function localSourcePath(source: string, templateDir: string): string {
  const p = source.startsWith('file://') ? decodeURIComponent(new URL(source).pathname) : source;
  return resolveLocalPath(p, templateDir);
}
