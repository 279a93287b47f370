// The published files the verify page reads (static, served by the CDN from the files bucket; never a
// function): the JWKS, the status lists, the labels' status documents and signed JWS files.
// Every call resolves to {status, text, offline} or rejects when the network fails; `offline` is set by
// the service worker (sw.js) when it answered from its cache because the network did not.

const TIMEOUT_MS = 10000;

export const paths = {
  jwks: () => '/.well-known/jwks.json',
  list: (n) => `/v1/status-lists/${n}`,
  statusDocument: (id) => `/v1/label-status/${encodeURIComponent(id)}`,
  labelJws: (id) => `/v1/label-jws/${encodeURIComponent(id)}`,
};

// same-origin credentials (there are no cookies): the request matches v.html's preload of the JWKS
export async function getFile(path, { revalidate = false } = {}) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(path, { cache: revalidate ? 'no-cache' : 'default', credentials: 'same-origin', signal: ctrl.signal });
    const text = res.ok ? await res.text() : null;
    return { status: res.status, text, offline: res.headers.get('x-jcstar-offline') === '1' };
  } finally {
    clearTimeout(timer);
  }
}

export async function getJson(path, opts) {
  const r = await getFile(path, opts);
  if (r.status !== 200) return { ...r, json: null };
  try {
    return { ...r, json: JSON.parse(r.text) };
  } catch {
    return { ...r, json: null };
  }
}
