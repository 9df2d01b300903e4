// A real OpenID Provider for the sign-in tests: npm's oidc-provider (OpenID Certified), with
// one confidential client and accounts made on the fly. There is no login form: the
// authorization request's login_hint is the account that signs in, and consent is given,
// so a test (or a browser test) follows redirects only. The account's claims: sub and email
// (both the hint), email_verified, name, and icopilot_role "admin" for hints starting "admin".
//
// A test may make the provider misbehave, as a broken or hostile one would, by POSTing a mode
// to /__mode: "hide_keys" (its JWKS lists no key: the ID token's key id is unknown),
// "tamper" (the ID token's signature is altered on its way out of the token endpoint),
// "expired" or "wrong_aud" (the ID token's exp and iat an hour or two ago, or its aud another
// client, signed again with the provider's own key), or "normal".
//
//   node oidc_provider.mjs CLIENT_ID CLIENT_SECRET REDIRECT_URI
// Prints "listening on http://127.0.0.1:PORT" (the issuer) once it serves.
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// The package lives with the portals' other npm packages.
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { default: Provider } = await import(require.resolve('oidc-provider'));

const [clientId, clientSecret, redirectUri] = process.argv.slice(2);
if (!clientId || !clientSecret || !redirectUri) {
  console.error('usage: node oidc_provider.mjs CLIENT_ID CLIENT_SECRET REDIRECT_URI');
  process.exit(2);
}

let mode = 'normal';
let provider;
const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

// The provider's signing key, ours so that the hostile modes can sign what they change.
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', use: 'sig', alg: 'RS256' };

provider = new Provider(issuer, {
  jwks: { keys: [signingJwk] },
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  cookies: { keys: ['icopilot-test-provider'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'icopilot_role'],
  },
  // The claims asked for by scope go into the ID token, as Google and Entra put them.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: (ctx, id) => ({
    accountId: id,
    claims: () => ({
      sub: id,
      email: id,
      email_verified: true,
      name: `Test ${id.split('@')[0]}`,
      ...(id.startsWith('admin') ? { icopilot_role: 'admin' } : {}),
    }),
  }),
  pkce: { required: () => true },
});

// Logs in the login_hint's account and consents to what was asked, at once.
async function interact(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params } = details;
  let result;
  if (prompt.name === 'login') {
    result = { login: { accountId: String(params.login_hint || 'nobody@example.test') } };
  } else {
    const grant = new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    grant.addOIDCScope(String(params.scope));
    result = { consent: { grantId: await grant.save() } };
  }
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

// The token endpoint's answer with the ID token's signature altered.
function tampered(body) {
  const answer = JSON.parse(body);
  const [h, p, s] = answer.id_token.split('.');
  const flipped = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
  answer.id_token = `${h}.${p}.${flipped}`;
  return JSON.stringify(answer);
}

// The token endpoint's answer with the ID token's claims changed by `change`, signed again.
function resigned(body, change) {
  const answer = JSON.parse(body);
  const [h, p] = answer.id_token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  change(claims);
  const input = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url');
  answer.id_token = `${input}.${signature}`;
  return JSON.stringify(answer);
}

const rewrites = {
  tamper: tampered,
  expired: (body) => resigned(body, (claims) => {
    const now = Math.floor(Date.now() / 1000);
    claims.iat = now - 7200;
    claims.exp = now - 3600;
  }),
  wrong_aud: (body) => resigned(body, (claims) => { claims.aud = 'another-client'; }),
};

// Runs the provider with the response body captured, to hand back `rewrite(body)`.
function rewriting(req, res, rewrite) {
  const chunks = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = (chunk) => { chunks.push(Buffer.from(chunk)); return true; };
  res.end = (chunk) => {
    if (chunk) chunks.push(Buffer.from(chunk));
    const body = rewrite(Buffer.concat(chunks).toString());
    res.removeHeader('content-length');
    res.setHeader('content-length', Buffer.byteLength(body));
    write(body);
    return end();
  };
  provider.callback()(req, res);
}

server.on('request', async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/__mode') {
      let body = '';
      for await (const chunk of req) body += chunk;
      mode = body.trim();
      res.writeHead(204).end();
      return;
    }
    if (req.url.startsWith('/interaction/')) return await interact(req, res);
    if (mode === 'hide_keys' && req.url.startsWith('/jwks'))
      return rewriting(req, res, () => JSON.stringify({ keys: [] }));
    if (rewrites[mode] && req.url.startsWith('/token'))
      return rewriting(req, res, (body) => (res.statusCode === 200 ? rewrites[mode](body) : body));
    provider.callback()(req, res);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
  }
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
console.log(`listening on ${issuer}`);
