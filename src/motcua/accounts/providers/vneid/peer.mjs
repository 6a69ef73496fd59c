// The local e-ID provider (`motcua sim eid`): a real OpenID Connect provider (npm `oidc-provider`)
// standing in for VNeID, for development, the demo and the tests. Not a mock: discovery, JWKS,
// authorization code flow with PKCE (required, S256), ID tokens signed with its own key, userinfo,
// RP-initiated logout.
//
//   node peer.mjs --host 127.0.0.1 --port 0 --client-id ID --client-secret SECRET \
//        --redirect-uri URL [--redirect-uri URL ...] --post-logout-redirect-uri URL [...]
//        [--public-host NAME] [--slow-seconds 5]
//
// The first line printed starts with the issuer (`http://host:port`): `motcua up` and the tests
// read it. Its own login form asks for the personal ID and password of one of the demo people
// (password `motcua-demo`). Test hooks:
//   POST /_sim/mode {"mode": "ok|down|slow|garbage|wrongkey"}: down answers 503, slow waits
//     --slow-seconds first, garbage answers 200 with a body that is not JSON, wrongkey publishes a
//     JWKS that does not hold the key the ID tokens are signed with;
//   GET /_sim/events: what happened (logins, tokens issued, sessions ended), oldest first;
//   GET /health.

import crypto from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8767' },
    'public-host': { type: 'string', default: '' },
    'client-id': { type: 'string', default: 'motcua-demo' },
    'client-secret': { type: 'string', default: 'motcua-demo-oidc-secret-CHANGE-ME' },
    'redirect-uri': { type: 'string', multiple: true, default: [] },
    'post-logout-redirect-uri': { type: 'string', multiple: true, default: [] },
    'slow-seconds': { type: 'string', default: '5' },
  },
});

export const PASSWORD = 'motcua-demo';
// The demo people, the same as the population register of the gateway peer (exchange/simulator.py
// PEOPLE: name and birth date must agree, tests/demo/test_peer_people.py); `acr` is the e-ID level
// of assurance (Decree 69/2024/ND-CP: level 1 or 2).
export const PEOPLE = {
  '001085012345': { name: 'Nguyễn Văn An', birthdate: '1985-04-12', acr: 'urn:vneid:loa:2' },
  '001190023456': { name: 'Trần Thị Bình', birthdate: '1990-09-03', acr: 'urn:vneid:loa:1' },
  '001095034567': { name: 'Lê Hoàng Cường', birthdate: '1995-11-20', acr: 'urn:vneid:loa:2' },
};
const subjectOf = (personalId) => `vneid-${crypto.createHash('sha256').update(personalId).digest('hex').slice(0, 16)}`;
const bySubject = Object.fromEntries(Object.keys(PEOPLE).map((id) => [subjectOf(id), id]));

const MODES = ['ok', 'down', 'slow', 'garbage', 'wrongkey'];
let mode = 'ok';
const events = [];
const slowMs = Number(args['slow-seconds']) * 1000;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;padding:.5rem;font-size:1rem}button{margin-top:1rem;padding:.6rem 1rem;font-size:1rem}
.error{color:#a00}</style></head><body><main>${body}</main></body></html>`;
}

function loginForm(uid, error = '', personalId = '') {
  return page('Đăng nhập định danh điện tử (mô phỏng)', `
<h1>Định danh điện tử (máy mô phỏng VNeID)</h1>
<p>Tài khoản mẫu: 001085012345, 001190023456, 001095034567; mật khẩu ${PASSWORD}.</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="personal_id">Số định danh cá nhân</label>
<input id="personal_id" name="personal_id" inputmode="numeric" autocomplete="username" value="${escape(personalId)}" required>
<label for="password">Mật khẩu</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button>
</form>`);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, body, type = 'application/json; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

const signing = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = { ...signing.privateKey.export({ format: 'jwk' }), kid: 'motcua-sim-1', use: 'sig', alg: 'RS256' };
// The key a "wrongkey" JWKS publishes under the same kid: ID tokens do not verify against it.
const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherJwks = JSON.stringify({
  keys: [{ ...other.publicKey.export({ format: 'jwk' }), kid: 'motcua-sim-1', use: 'sig', alg: 'RS256' }],
});

const server = http.createServer();
server.listen(Number(args.port), args.host, () => {
  const { port } = server.address();
  const host = args['public-host'] || args.host;
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: args['client-id'],
        client_secret: args['client-secret'],
        client_name: 'MotCua',
        redirect_uris: args['redirect-uri'],
        post_logout_redirect_uris: args['post-logout-redirect-uri'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        // The ID token always says the level of assurance (acr), as VNeID's does.
        default_acr_values: ['urn:vneid:loa:1', 'urn:vneid:loa:2'],
      },
    ],
    pkce: { required: () => true },
    acrValues: ['urn:vneid:loa:1', 'urn:vneid:loa:2'],
    claims: { openid: ['sub'], profile: ['name', 'birthdate', 'personal_id'] },
    scopes: ['openid', 'profile'],
    jwks: { keys: [signingJwk] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Đăng xuất', `<h1>Đăng xuất khỏi định danh điện tử?</h1>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Đăng xuất</button>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Đã đăng xuất', '<h1>Đã đăng xuất khỏi định danh điện tử.</h1>');
        },
      },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    // A first-party client: the citizen is not asked to consent to the scopes again.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
    findAccount: async (ctx, sub) => {
      const personalId = bySubject[sub];
      if (!personalId) return undefined;
      const person = PEOPLE[personalId];
      return {
        accountId: sub,
        claims: async () => ({ sub, personal_id: personalId, name: person.name, birthdate: person.birthdate }),
      };
    },
    ttl: { Session: 3600, Interaction: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 120, Grant: 3600 },
  });
  provider.on('end_session.success', (ctx) => events.push({ event: 'end_session', client_id: ctx.oidc.client?.clientId ?? null }));
  provider.on('grant.success', (ctx) => events.push({ event: 'token', client_id: ctx.oidc.client?.clientId ?? null }));
  const oidc = provider.callback();

  async function interaction(req, res, path) {
    const match = path.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (!match) return send(res, 404, 'not found', 'text/plain');
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return send(res, 400, page('Lỗi', '<h1>Phiên đăng nhập đã hết hạn. Hãy bắt đầu lại từ MotCua.</h1>'), 'text/html; charset=utf-8');
    }
    if (!match[2]) return send(res, 200, loginForm(details.uid), 'text/html; charset=utf-8');
    const form = new URLSearchParams(await readBody(req));
    const personalId = (form.get('personal_id') || '').trim();
    const person = PEOPLE[personalId];
    if (!person || form.get('password') !== PASSWORD) {
      return send(res, 200, loginForm(details.uid, 'Số định danh hoặc mật khẩu không đúng.', personalId), 'text/html; charset=utf-8');
    }
    events.push({ event: 'login', personal_id: personalId });
    return provider.interactionFinished(req, res, { login: { accountId: subjectOf(personalId), acr: person.acr } }, { mergeWithLastSubmission: false });
  }

  server.on('request', async (req, res) => {
    const path = new URL(req.url, issuer).pathname;
    try {
      if (path === '/favicon.ico') {
        res.writeHead(204, { 'cache-control': 'max-age=86400' });
        return res.end();
      }
      if (path === '/health') return send(res, 200, JSON.stringify({ status: 'ok', mode }));
      if (path === '/_sim/events') return send(res, 200, JSON.stringify(events));
      if (path === '/_sim/mode' && req.method === 'POST') {
        let wanted;
        try {
          wanted = JSON.parse((await readBody(req)) || '{}').mode;
        } catch {
          wanted = undefined;
        }
        if (!MODES.includes(wanted)) return send(res, 400, JSON.stringify({ error: `mode must be one of ${MODES.join(', ')}` }));
        mode = wanted;
        return send(res, 200, JSON.stringify({ mode }));
      }
      if (mode === 'down') return send(res, 503, JSON.stringify({ error: 'service unavailable' }));
      if (mode === 'slow') await new Promise((resolve) => setTimeout(resolve, slowMs));
      if (mode === 'garbage') return send(res, 200, '<<< not json >>>');
      if (mode === 'wrongkey' && path === '/jwks') return send(res, 200, otherJwks, 'application/jwk-set+json');
      if (path.startsWith('/interaction/')) return await interaction(req, res, path);
      return oidc(req, res);
    } catch (err) {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: String(err) }));
      return undefined;
    }
  });

  // The first URL of this line is the issuer: `motcua up` reads it.
  process.stdout.write(`${issuer} định danh điện tử giả lập (client ${args['client-id']})\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(0));
}
