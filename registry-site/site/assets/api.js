// The registry's public API, same origin. Every call fails with an ApiError whose `kind` the
// pages branch on: 'not-found' (404), 'bad-request' (other 4xx), 'unavailable' (network, timeout, 5xx,
// or a body that is not the JSON we expect).

const TIMEOUT_MS = 10000;

export class ApiError extends Error {
  constructor(kind, status, detail) {
    super(detail || kind);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
  }
}

async function getJson(path, { fresh = false } = {}) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  let res;
  try {
    res = await fetch(path, {
      headers: { Accept: 'application/json' },
      // Status must be current: revalidate rather than trust a cached copy.
      cache: fresh ? 'no-cache' : 'default',
      credentials: 'omit',
      signal: ctrl.signal,
    });
  } catch (e) {
    throw new ApiError('unavailable', 0, e?.message);
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 404) throw new ApiError('not-found', 404);
  if (res.status >= 400 && res.status < 500) {
    let detail;
    try {
      const p = await res.json();
      detail = p.detail || p.title;
    } catch {
      // not a problem document; keep the status only
    }
    throw new ApiError('bad-request', res.status, detail);
  }
  if (!res.ok) throw new ApiError('unavailable', res.status);
  try {
    return await res.json();
  } catch {
    throw new ApiError('unavailable', res.status, 'response is not JSON');
  }
}

const enc = encodeURIComponent;

export const getJwks = () => getJson('/.well-known/jwks.json');
export const getLabel = (id) => getJson(`/v1/labels/${enc(id)}`, { fresh: true });
export const getLabelHistory = (id) => getJson(`/v1/labels/${enc(id)}/history`, { fresh: true });
export const getRequirements = () => getJson('/v1/requirements');

/** params: {vendor, product, model, category, level, status, cursor, limit}; empty values are left out. */
export function searchLabels(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return getJson('/v1/labels' + (s ? '?' + s : ''), { fresh: true });
}

export const labelLinks = (id) => ({
  qrPng: `/v1/labels/${enc(id)}/qr.png`,
  qrSvg: `/v1/labels/${enc(id)}/qr.svg`,
  artwork: `/v1/labels/${enc(id)}/artwork.svg`,
});
