// The Orders API of ./openapi.yaml, as its documentation describes it:
// - OAuth2 client credentials (RFC 6749 §4.4), client authentication by HTTP Basic or form
//   fields (§2.3.1); a request without `scope` gets the client's default scopes (§3.3) and
//   the response says which (§5.1); an unknown scope is `invalid_scope` (§5.2).
// - Bearer tokens (RFC 6750 §3): 401 with a challenge, 403 insufficient_scope.
// - 250 orders already there, newest first, cursor pages of up to 100; another tenant's
//   orders answer 404 as if they did not exist.
// - Idempotency-Key on create (draft-ietf-httpapi-idempotency-key-header): a retry gets the
//   first answer, the same key with another body is 422.
// - 600 requests a minute per client (RFC 6585 §4: 429 with Retry-After); rate-limit
//   headers only on the 429, since the spec makes them optional.
// - Lenient about media types the way many real APIs are: a JSON body labelled text/plain
//   is read as JSON; other media types are 415.
// - Cancelling a cancelled order changes nothing; a shipped one cannot be cancelled (409).
//
// REFERENCE_DEFECT seeds one defect: auth-bypass, scopes-ignored, no-validation,
// response-drift, idempotency-ignored, no-rate-limit, repeated-page-items,
// server-error-for-404.
import crypto from 'node:crypto';
import { base36, defect, limiter, MALFORMED, mediaType, parseJson, send, serve } from '../common.mjs';

const CLIENTS = {
  'partner-app': { secret: 'partner-secret-1', tenant: 'acme', scopes: ['orders:read', 'orders:write'] },
  'other-app': { secret: 'other-secret-2', tenant: 'globex', scopes: ['orders:read'] },
};
const RATE_LIMIT = 600;
const tokens = new Map(); // token -> {client, tenant, scopes}
const orders = []; // newest first
const idempotency = new Map(); // client + key -> {hash, status, body, headers}
const take = limiter(RATE_LIMIT, 60_000);
let counter = 0;

function newOrder(tenant, fields, when) {
  counter += 1;
  return {
    tenant,
    order: {
      id: `ord_${base36(counter * 7919 + 1_000_000, 8)}`,
      item: fields.item,
      quantity: fields.quantity,
      status: fields.status ?? 'open',
      ...(fields.note !== undefined ? { note: fields.note } : {}),
      created_at: new Date(when).toISOString(),
    },
  };
}

// 250 orders of this partner and 5 of another tenant, oldest last.
const start = Date.parse('2024-01-01T00:00:00Z');
for (let i = 0; i < 255; i += 1) {
  const tenant = i % 51 === 50 ? 'globex' : 'acme';
  const status = i % 3 === 0 ? 'shipped' : 'open';
  orders.unshift(newOrder(tenant, { item: `widget-${i}`, quantity: 1 + (i % 9), status }, start + i * 60_000));
}

function problem(res, status, title, detail, headers = {}) {
  send(res, status, { title, ...(detail ? { detail } : {}) }, headers);
}

function clientFrom(req, form) {
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') };
  }
  return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' };
}

function tokenEndpoint({ req, res, body }) {
  const oauthError = (status, error, description) =>
    send(res, status, { error, error_description: description }, { 'Cache-Control': 'no-store' }, 'application/json');
  if (mediaType(req) !== 'application/x-www-form-urlencoded')
    return oauthError(400, 'invalid_request', 'form-encoded body expected');
  const form = new URLSearchParams(body);
  const client = clientFrom(req, form);
  const known = CLIENTS[client.id];
  if (!known || known.secret !== client.secret) return oauthError(401, 'invalid_client', 'unknown client');
  if (form.get('grant_type') !== 'client_credentials')
    return oauthError(400, 'unsupported_grant_type', 'client_credentials only');
  const asked = form.has('scope') ? form.get('scope').split(' ').filter(Boolean) : null;
  if (asked && asked.some((s) => !known.scopes.includes(s)))
    return oauthError(400, 'invalid_scope', 'a scope the client may not have');
  const granted = asked ?? known.scopes; // RFC 6749 §3.3: the default scopes
  const token = crypto.randomBytes(24).toString('base64url');
  tokens.set(token, { client: client.id, tenant: known.tenant, scopes: granted });
  send(
    res,
    200,
    { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: granted.join(' ') },
    { 'Cache-Control': 'no-store' },
    'application/json',
  );
}

// The caller for a request that needs `scope`, or null after answering 401/403.
function authorize(req, res, scope) {
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? tokens.get(header.slice(7)) : undefined;
  if (!token) {
    if (defect === 'auth-bypass') return { client: 'partner-app', tenant: 'acme', scopes: CLIENTS['partner-app'].scopes };
    const challenge = header ? 'Bearer realm="orders", error="invalid_token"' : 'Bearer realm="orders"';
    problem(res, 401, 'Unauthorized', header ? 'the token is not valid' : 'a bearer token is required', {
      'WWW-Authenticate': challenge,
    });
    return null;
  }
  if (!token.scopes.includes(scope) && defect !== 'scopes-ignored') {
    problem(res, 403, 'Forbidden', `the token lacks the scope ${scope}`, {
      'WWW-Authenticate': `Bearer realm="orders", error="insufficient_scope", scope="${scope}"`,
    });
    return null;
  }
  return token;
}

function limited(res, caller) {
  if (defect === 'no-rate-limit') return false;
  const decision = take(caller.client);
  if (!decision.limited) return false;
  problem(res, 429, 'Too Many Requests', `more than ${RATE_LIMIT} requests a minute`, {
    'Retry-After': String(decision.reset),
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': '0',
  });
  return true;
}

function visible(tenant, id) {
  const found = orders.find((o) => o.order.id === id);
  return found && found.tenant === tenant ? found : undefined;
}

function orderBody(order) {
  return defect === 'response-drift' ? { ...order, quantity: String(order.quantity) } : order;
}

function listOrders({ res, url }, caller) {
  const q = url.searchParams;
  let limit = 20;
  if (q.has('limit')) {
    limit = Number(q.get('limit'));
    if (!/^[0-9]+$/.test(q.get('limit')) || limit < 1 || limit > 100) {
      if (defect !== 'no-validation') return problem(res, 400, 'Bad Request', 'limit: an integer from 1 to 100');
      limit = 20;
    }
  }
  const status = q.get('status');
  if (status !== null && !['open', 'shipped', 'cancelled'].includes(status) && defect !== 'no-validation')
    return problem(res, 400, 'Bad Request', 'status: open, shipped or cancelled');
  const mine = orders.filter((o) => o.tenant === caller.tenant && (!status || o.order.status === status));
  let from = 0;
  if (q.has('cursor')) {
    const at = mine.findIndex((o) => o.order.id === Buffer.from(q.get('cursor'), 'base64url').toString('utf8'));
    if (at < 0) return problem(res, 400, 'Bad Request', 'cursor: not a cursor this API gave');
    from = at + 1;
    if (defect === 'repeated-page-items') from = at;
  }
  const page = mine.slice(from, from + limit).map((o) => o.order);
  const hasMore = from + limit < mine.length;
  send(res, 200, {
    data: page,
    has_more: hasMore,
    next_cursor: hasMore ? Buffer.from(page[page.length - 1].id).toString('base64url') : null,
  });
}

function validNewOrder(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the body must be a JSON object';
  if (typeof value.item !== 'string' || value.item.length < 1 || value.item.length > 80)
    return 'item: a string of 1 to 80 characters is required';
  if (!Number.isInteger(value.quantity) || value.quantity < 1 || value.quantity > 1000)
    return 'quantity: an integer from 1 to 1000 is required';
  if (value.note !== undefined && (typeof value.note !== 'string' || value.note.length > 500))
    return 'note: a string of at most 500 characters';
  return '';
}

function createOrder({ req, res, body }, caller) {
  const type = mediaType(req);
  const json = type === 'application/json' || type.endsWith('+json') || type === 'text/plain';
  if (!json && defect !== 'no-validation')
    return problem(res, 415, 'Unsupported Media Type', 'send application/json');
  let value = parseJson(body);
  if (defect === 'no-validation') {
    if (value === MALFORMED || typeof value !== 'object' || value === null) value = {};
    value = { item: 'item', quantity: 1, ...value };
    if (typeof value.item !== 'string' || !value.item) value.item = 'item';
    if (!Number.isInteger(value.quantity) || value.quantity < 1 || value.quantity > 1000) value.quantity = 1;
    if (typeof value.note !== 'string') delete value.note;
    value.item = String(value.item).slice(0, 80);
    if (value.note) value.note = value.note.slice(0, 500);
  } else {
    if (value === MALFORMED) return problem(res, 400, 'Bad Request', 'the body is not JSON');
    const wrong = validNewOrder(value);
    if (wrong) return problem(res, 400, 'Bad Request', wrong);
  }
  const key = defect === 'idempotency-ignored' ? undefined : req.headers['idempotency-key'];
  const hash = crypto.createHash('sha256').update(body).digest('hex');
  const stored = key !== undefined ? idempotency.get(`${caller.client} ${key}`) : undefined;
  if (stored) {
    if (stored.hash !== hash)
      return problem(res, 422, 'Unprocessable Content', 'this Idempotency-Key was used with another body');
    return send(res, stored.status, stored.body, { ...stored.headers, 'Idempotent-Replayed': 'true' });
  }
  const made = newOrder(caller.tenant, { item: value.item, quantity: value.quantity, note: value.note }, Date.now());
  orders.unshift(made);
  const headers = { Location: `/v1/orders/${made.order.id}` };
  if (key !== undefined) idempotency.set(`${caller.client} ${key}`, { hash, status: 201, body: made.order, headers });
  send(res, 201, made.order, headers);
}

function notFound(res, what) {
  if (defect === 'server-error-for-404') return problem(res, 500, 'Internal Server Error');
  problem(res, 404, 'Not Found', what);
}

function getOrder({ res }, caller, id) {
  const found = visible(caller.tenant, id);
  if (!found) return notFound(res, `no order ${id}`);
  send(res, 200, orderBody(found.order));
}

function cancelOrder({ res }, caller, id) {
  const found = visible(caller.tenant, id);
  if (!found) return notFound(res, `no order ${id}`);
  if (found.order.status === 'shipped') return problem(res, 409, 'Conflict', 'a shipped order cannot be cancelled');
  found.order.status = 'cancelled';
  send(res, 200, orderBody(found.order));
}

const ROUTES = [
  { pattern: /^\/v1\/orders$/, methods: { GET: ['orders:read', listOrders], POST: ['orders:write', createOrder] } },
  { pattern: /^\/v1\/orders\/([^/]+)$/, methods: { GET: ['orders:read', getOrder] } },
  { pattern: /^\/v1\/orders\/([^/]+)\/cancel$/, methods: { POST: ['orders:write', cancelOrder] } },
];

serve(async (request) => {
  const { res, method, path } = request;
  if (path === '/oauth/token') {
    if (method !== 'POST') return problem(res, 405, 'Method Not Allowed', '', { Allow: 'POST' });
    return tokenEndpoint(request);
  }
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const entry = route.methods[method];
    if (!entry) return problem(res, 405, 'Method Not Allowed', '', { Allow: Object.keys(route.methods).join(', ') });
    const caller = authorize(request.req, res, entry[0]);
    if (!caller || limited(res, caller)) return;
    return entry[1](request, caller, match[1] && decodeURIComponent(match[1]));
  }
  notFound(res, `no resource at ${path}`);
});
