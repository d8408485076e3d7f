// Packer's own data sources: `http` (GET a URL: body, response_headers) and `null` (input -> output).
// Other data sources are components pack lacks (packer-catalog.ts).

const HTTP_TIMEOUT_MS = 60_000;

export type DataResult = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function unknownFields(config: Record<string, unknown>, known: string[]): string | undefined {
  const extra = Object.keys(config).filter((k) => !known.includes(k));
  return extra.length ? `unsupported argument${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')} (known: ${known.join(', ')})` : undefined;
}

async function httpSource(config: Record<string, unknown>): Promise<DataResult> {
  const bad = unknownFields(config, ['url', 'request_headers', 'method', 'request_body']);
  if (bad) return { ok: false, message: bad };
  if (typeof config.url !== 'string' || config.url === '') return { ok: false, message: 'the url attribute is required' };
  if (config.request_headers !== undefined && !isMap(config.request_headers)) return { ok: false, message: 'request_headers must be a map of strings' };
  const headers = Object.fromEntries(Object.entries((config.request_headers as Record<string, unknown>) ?? {}).map(([k, v]) => [k, String(v)]));
  const method = typeof config.method === 'string' ? config.method : 'GET';
  try {
    const res = await fetch(config.url, { method, headers, body: typeof config.request_body === 'string' ? config.request_body : undefined, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    const body = await res.text();
    if (res.status < 200 || res.status > 299) return { ok: false, message: `HTTP request error. Response code: ${res.status}` };
    return { ok: true, value: { url: config.url, request_headers: headers, body, response_headers: Object.fromEntries(res.headers), status_code: res.status } };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const why = err.name === 'TimeoutError' ? `no answer within ${HTTP_TIMEOUT_MS / 1000}s` : (err.cause?.code ?? err.message);
    return { ok: false, message: `HTTP request to ${config.url} failed: ${why}` };
  }
}

function nullSource(config: Record<string, unknown>): DataResult {
  const bad = unknownFields(config, ['input']);
  if (bad) return { ok: false, message: bad };
  return { ok: true, value: { input: config.input ?? null, output: config.input ?? null } };
}

export async function runDataSource(type: string, config: Record<string, unknown>): Promise<DataResult> {
  if (type === 'http') return httpSource(config);
  if (type === 'null') return nullSource(config);
  return { ok: false, message: `data source "${type}" is not built into pack` };
}
