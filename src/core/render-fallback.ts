// A minimal run-time renderer, used only when the template module's renderRuntime is not
// given: fills {{.Field}}, {{build_name}} and {{build_type}}, and leaves anything else alone.
export interface RuntimeBuildInfo {
  name: string;
  type: string;
}

export function renderFallback(text: string, data: Record<string, unknown>, build: RuntimeBuildInfo): string {
  return text.replace(/\{\{\s*(\.[A-Za-z_]\w*|build_name|build_type)\s*\}\}/g, (whole, key: string) => {
    if (key === 'build_name') return build.name;
    if (key === 'build_type') return build.type;
    const v = data[key.slice(1)];
    return v === undefined ? whole : String(v);
  });
}
