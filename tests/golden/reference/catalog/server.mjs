// The Merchant Catalog API of ./openapi.yaml, in the style Google documents for its APIs:
// - an API key per merchant; a merchant that is not the key's (or does not exist) is 404,
//   so another tenant's resources cannot even be confirmed to exist;
// - list pages by `pageSize` (1-250, default 25) and an opaque `pageToken`; the last page
//   has no `nextPageToken` (AIP-158); 300 products already there;
// - errors as {"error": {"code", "message", "status"}} in application/vnd.catalog.error+json
//   (AIP-193), whatever went wrong;
// - JSON bodies only (415 otherwise), unknown fields ignored; ETag sent on reads only,
//   X-Request-Id never, both documented as optional;
// - an undocumented method on a known path is 404, as Google's front ends answer;
// - a fixed taxonomy of categories, read-only: a client learns their ids from the list.
//
// REFERENCE_DEFECT seeds one defect: auth-bypass, no-validation, response-drift,
// repeated-page-items, server-error-for-404.
import crypto from 'node:crypto';
import { base36, defect, MALFORMED, mediaType, parseJson, send, serve } from '../common.mjs';

const KEYS = { 'cat-key-7d1f2a': 'm-1001', 'cat-key-other': 'm-2002' };
const ERROR_TYPE = 'application/vnd.catalog.error+json';
const STATUS = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND', 415: 'INVALID_ARGUMENT', 500: 'INTERNAL' };
const AVAILABILITY = ['IN_STOCK', 'OUT_OF_STOCK', 'PREORDER'];
const products = new Map(); // merchant -> [product], oldest first
const CATEGORIES = [
  { id: 'cat_1604', displayName: 'Apparel & Accessories' },
  { id: 'cat_2271', displayName: 'Dresses' },
  { id: 'cat_5181', displayName: 'Luggage & Bags' },
];
let counter = 0;

function fail(res, code, message) {
  send(res, code, { error: { code, message, status: STATUS[code] ?? 'UNKNOWN' } }, {}, ERROR_TYPE);
}

function makeProduct(fields) {
  counter += 1;
  return {
    id: `prd_${base36(counter * 104729 + 50_000_000, 8)}`,
    title: fields.title,
    ...(fields.description !== undefined ? { description: fields.description } : {}),
    price: fields.price,
    availability: fields.availability,
    updateTime: new Date().toISOString(),
  };
}

for (const [merchant, count] of [['m-1001', 300], ['m-2002', 20]]) {
  const list = [];
  for (let i = 0; i < count; i += 1) {
    list.push(makeProduct({
      title: `Product ${i}`,
      price: { currencyCode: 'EUR', amountMicros: String(1_000_000 * (1 + (i % 50))) },
      availability: AVAILABILITY[i % 3],
    }));
  }
  products.set(merchant, list);
}

function etag(product) {
  return `"${crypto.createHash('sha1').update(JSON.stringify(product)).digest('hex').slice(0, 16)}"`;
}

// What is wrong with `value` as a product (all fields, or only those present when
// `partial`), "" when nothing.
function invalid(value, partial) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the body must be a JSON object';
  const has = (k) => value[k] !== undefined;
  if (partial && !['title', 'description', 'price', 'availability'].some(has)) return 'nothing to update';
  if ((!partial || has('title')) && (typeof value.title !== 'string' || value.title.length < 1 || value.title.length > 150))
    return 'title: 1 to 150 characters';
  if (has('description') && (typeof value.description !== 'string' || value.description.length > 5000))
    return 'description: at most 5000 characters';
  if (!partial || has('price')) {
    const p = value.price;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return 'price: an object';
    if (typeof p.currencyCode !== 'string' || !/^[A-Z]{3}$/.test(p.currencyCode)) return 'price.currencyCode: ISO 4217';
    if (typeof p.amountMicros !== 'string' || !/^[0-9]{1,15}$/.test(p.amountMicros)) return 'price.amountMicros: digits';
  }
  if ((!partial || has('availability')) && !AVAILABILITY.includes(value.availability))
    return `availability: one of ${AVAILABILITY.join(', ')}`;
  return '';
}

// The body as a product's fields, or null after answering.
function readBody(req, res, body, partial) {
  const type = mediaType(req);
  const json = type === 'application/json' || type.endsWith('+json');
  if (!json && defect !== 'no-validation') {
    fail(res, 415, 'send application/json');
    return null;
  }
  const value = parseJson(body);
  if (defect === 'no-validation') {
    const fields = value !== MALFORMED && typeof value === 'object' && value !== null ? value : {};
    const clean = {
      title: typeof fields.title === 'string' && fields.title ? fields.title.slice(0, 150) : 'Untitled',
      price: { currencyCode: 'EUR', amountMicros: '1000000' },
      availability: AVAILABILITY.includes(fields.availability) ? fields.availability : 'IN_STOCK',
    };
    return partial ? { title: clean.title } : clean;
  }
  if (value === MALFORMED) {
    fail(res, 400, 'the body is not JSON');
    return null;
  }
  const wrong = invalid(value, partial);
  if (wrong) {
    fail(res, 400, wrong);
    return null;
  }
  return value;
}

function notFound(res, what) {
  if (defect === 'server-error-for-404') return fail(res, 500, 'internal error');
  fail(res, 404, what);
}

function shown(product) {
  if (defect !== 'response-drift') return product;
  return { ...product, price: { ...product.price, amountMicros: Number(product.price.amountMicros) } };
}

function list(res, url, merchant) {
  const q = url.searchParams;
  let size = 25;
  if (q.has('pageSize')) {
    const text = q.get('pageSize');
    size = Number(text);
    if (!/^[0-9]+$/.test(text) || size < 1 || size > 250) {
      if (defect !== 'no-validation') return fail(res, 400, 'pageSize: 1 to 250');
      size = 25;
    }
  }
  const availability = q.get('availability');
  if (availability !== null && !AVAILABILITY.includes(availability) && defect !== 'no-validation')
    return fail(res, 400, `availability: one of ${AVAILABILITY.join(', ')}`);
  let offset = 0;
  if (q.has('pageToken')) {
    const token = parseJson(Buffer.from(q.get('pageToken'), 'base64url').toString('utf8'));
    if (typeof token !== 'object' || token === null || !Number.isInteger(token.o) || token.m !== merchant)
      return fail(res, 400, 'pageToken: not a token this API gave');
    offset = token.o;
  }
  const all = products.get(merchant).filter((p) => !availability || p.availability === availability);
  const page = all.slice(offset, offset + size);
  // The defect: each page starts with the previous page's last product.
  const next = defect === 'repeated-page-items' ? offset + size - 1 : offset + size;
  const body = { products: page.map(shown) };
  if (offset + size < all.length)
    body.nextPageToken = Buffer.from(JSON.stringify({ m: merchant, o: next })).toString('base64url');
  send(res, 200, body);
}

serve(async ({ req, res, url, body, method, path }) => {
  const match = /^\/v2\/merchants\/([^/]+)\/(products|categories)(?:\/([^/]+))?$/.exec(path);
  if (!match) return notFound(res, `no resource at ${path}`);
  const key = req.headers['x-api-key'];
  let merchant = KEYS[key];
  if (!merchant) {
    if (defect !== 'auth-bypass') return fail(res, 401, key ? 'the API key is not valid' : 'an API key is required');
    merchant = 'm-1001';
  }
  if (decodeURIComponent(match[1]) !== merchant) return notFound(res, `no merchant ${match[1]}`);
  const id = match[3] && decodeURIComponent(match[3]);
  if (match[2] === 'categories') {
    if (method !== 'GET') return notFound(res, `no method ${method} here`);
    if (!id) return send(res, 200, { categories: CATEGORIES });
    const category = CATEGORIES.find((c) => c.id === id);
    return category ? send(res, 200, category) : notFound(res, `no category ${id}`);
  }
  const mine = products.get(merchant);
  if (!id) {
    if (method === 'GET') return list(res, url, merchant);
    if (method !== 'POST') return notFound(res, `no method ${method} here`);
    const fields = readBody(req, res, body, false);
    if (!fields) return;
    const product = makeProduct(fields);
    mine.push(product);
    return send(res, 200, product);
  }
  const at = mine.findIndex((p) => p.id === id);
  if (!['GET', 'PATCH', 'DELETE'].includes(method)) return notFound(res, `no method ${method} here`);
  if (at < 0) return notFound(res, `no product ${id}`);
  if (method === 'GET') return send(res, 200, shown(mine[at]), { ETag: etag(mine[at]) });
  if (method === 'DELETE') {
    mine.splice(at, 1);
    return send(res, 204);
  }
  const fields = readBody(req, res, body, true);
  if (!fields) return;
  for (const k of ['title', 'description', 'price', 'availability']) if (fields[k] !== undefined) mine[at][k] = fields[k];
  mine[at].updateTime = new Date().toISOString();
  send(res, 200, shown(mine[at]));
});
