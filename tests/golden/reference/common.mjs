// What the reference APIs share: a server on a port of the caller's choice (0 for any)
// that prints `listening on http://127.0.0.1:PORT` first, JSON bodies read within a
// bound, and the defect the test seeded (REFERENCE_DEFECT, "" for a correct API).
//
// These servers are written from public API documentation and RFCs, not from the golden
// runner: they exist to tell whether the runner judges an API it did not make fairly.
// Node's standard library only, so that nothing here shares code with the product.
import http from 'node:http';

export const defect = process.env.REFERENCE_DEFECT ?? '';

export function serve(handler) {
  const port = Number(process.argv[2] ?? 0);
  const server = http.createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const url = new URL(req.url, 'http://reference.local');
      await handler({ req, res, url, body, method: req.method, path: url.pathname });
    } catch (error) {
      if (error instanceof BodyTooLarge) return send(res, 413, { title: 'Payload Too Large' });
      console.error(error);
      if (!res.headersSent) send(res, 500, { title: 'Internal Server Error' });
    }
  });
  server.keepAliveTimeout = 30_000;
  server.listen(port, '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

class BodyTooLarge extends Error {}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > 1 << 20) reject(new BodyTooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// Sends `body` as JSON in `type` (problem+json for errors unless the caller names one).
export function send(res, status, body, headers = {}, type) {
  const mediaType = type ?? (status >= 400 ? 'application/problem+json' : 'application/json');
  let payload = '';
  if (body !== undefined) {
    payload = JSON.stringify(
      status >= 400 && mediaType === 'application/problem+json'
        ? { type: 'about:blank', status, ...body }
        : body,
    );
  }
  res.writeHead(status, {
    ...(body !== undefined ? { 'Content-Type': mediaType } : {}),
    'Content-Length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

// The media type's essence, lower case, without parameters.
export function mediaType(req) {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

// A JSON body: the object, or a string saying what is wrong with it.
export function parseJson(text) {
  try {
    const value = JSON.parse(text);
    return value;
  } catch (error) {
    return Symbol.for('malformed');
  }
}
export const MALFORMED = Symbol.for('malformed');

// A string of `n` characters from [0-9a-z], from a counter: ids that are stable per run.
export function base36(n, width) {
  return n.toString(36).padStart(width, '0');
}

// Fixed-window limiter per caller: {limited, limit, remaining, reset}.
export function limiter(limit, windowMs) {
  const windows = new Map();
  return (caller) => {
    const now = Date.now();
    let w = windows.get(caller);
    if (!w || now - w.start >= windowMs) {
      w = { start: now, count: 0 };
      windows.set(caller, w);
    }
    w.count += 1;
    const reset = Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
    return {
      limited: w.count > limit,
      limit,
      remaining: Math.max(0, limit - w.count),
      reset,
    };
  };
}
