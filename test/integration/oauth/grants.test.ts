import { decodeJwt, exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcServer, type OidcServer } from '../../fixtures/oidc/oidc-server.ts';
import { startCore } from '../../support/core.ts';

const ISSUER_OF_ASSERTIONS = 'https://idp.tokensmith.test';
let oidc: OidcServer;
let app: Awaited<ReturnType<typeof startCore>>;
let assertionKeyPem: string;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  assertionKeyPem = await exportPKCS8(privateKey);
  oidc = await startOidcServer({
    extraGrants: {
      assertionKey: { ...(await exportJWK(publicKey)), alg: 'ES256' },
      assertionIssuer: ISSUER_OF_ASSERTIONS,
    },
  });
  app = await startCore({ autoRenew: false });
}, 60_000);
afterAll(async () => {
  await app.close();
  await oidc.close();
});

const client = () => ({
  issuer: oidc.issuer,
  clientId: oidc.clients.basic.clientId,
  clientSecret: oidc.clients.basic.clientSecret,
  clientAuth: 'client_secret_basic',
});

function sentFields(report: Awaited<ReturnType<typeof grant>>): Record<string, string> {
  const body = report.steps.at(-1)?.request?.body;
  return body?.kind === 'form' ? Object.fromEntries(body.fields) : {};
}

async function grant(values: Record<string, string>) {
  return app.call('grant:run', { profileId: 'oauth2', values: { ...client(), ...values } });
}

describe('token exchange (RFC 8693)', () => {
  it('exchanges the access token of a ledger entry', async () => {
    const subject = await grant({});
    expect(subject.error).toBeUndefined();
    const report = await grant({ grantType: 'token_exchange', subjectLedgerEntry: subject.ledgerId!, audience: 'api' });
    expect(report.error).toBeUndefined();
    expect(sentFields(report)).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      audience: 'api',
    });
    // The subject token is a secret of the request: masked in the report, a variable in exports.
    expect(sentFields(report).subject_token).toMatch(/^••••/);
    const sent = app.core.runs.get(report.runId).steps.at(-1)!.spec!;
    const body = sent.body.kind === 'form' ? Object.fromEntries(sent.body.fields) : {};
    expect(body.subject_token).toBe(app.core.runs.get(subject.runId).token!.accessToken);
    expect(JSON.parse(report.steps.at(-1)!.response!.bodyText)).toMatchObject({
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    });
    expect(report.token).toBeDefined();
  });

  it('exchanges a pasted token with an actor token, sending actor_token_type only then', async () => {
    const [subject, actor] = [await grant({}), await grant({ scope: 'openid' })];
    const report = await grant({
      grantType: 'token_exchange',
      subjectToken: app.core.runs.get(subject.runId).token!.accessToken,
      actorToken: app.core.runs.get(actor.runId).token!.accessToken,
    });
    expect(report.error).toBeUndefined();
    expect(Object.keys(sentFields(report))).toEqual(
      expect.arrayContaining(['subject_token', 'actor_token', 'actor_token_type']),
    );
  });

  it('a subject token the server does not know fails with its reason', async () => {
    const report = await grant({ grantType: 'token_exchange', subjectToken: 'not-a-token-of-this-server' });
    expect(report.error?.code).toBe('HTTP_ERROR');
    expect(report.error?.message).toContain('subject_token is not an active token');
  });

  it('without a subject token it names the field', async () => {
    const report = await grant({ grantType: 'token_exchange' });
    expect(report.error).toMatchObject({ code: 'MISSING_FIELD', field: 'subjectToken' });
    expect(report.steps).toEqual([]);
  });
});

describe('JWT bearer grant (RFC 7523 §2.1)', () => {
  it('signs the assertion with the key, iss, sub and aud from the form', async () => {
    const report = await grant({
      grantType: 'jwt_bearer',
      assertionKey: assertionKeyPem,
      assertionIssuer: ISSUER_OF_ASSERTIONS,
      assertionSubject: 'alice',
    });
    expect(report.error).toBeUndefined();
    const sent = app.core.runs.get(report.runId).steps.at(-1)!.spec!;
    const body = sent.body.kind === 'form' ? Object.fromEntries(sent.body.fields) : {};
    expect(body.grant_type).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(decodeJwt(body.assertion!)).toMatchObject({
      iss: ISSUER_OF_ASSERTIONS,
      sub: 'alice',
      aud: oidc.tokenEndpoint,
    });
    expect(JSON.stringify(report)).not.toContain('PRIVATE KEY');
  });

  it('an assertion from an issuer the server does not trust is refused', async () => {
    const report = await grant({
      grantType: 'jwt_bearer',
      assertionKey: assertionKeyPem,
      assertionIssuer: 'https://someone-else.test',
      assertionSubject: 'alice',
    });
    expect(report.error?.message).toContain('assertion rejected');
  });

  it('a key that cannot be read names the key field', async () => {
    const report = await grant({
      grantType: 'jwt_bearer',
      assertionKey: 'not a key',
      assertionIssuer: ISSUER_OF_ASSERTIONS,
      assertionSubject: 'alice',
    });
    expect(report.error).toMatchObject({ code: 'INVALID_FIELD', field: 'assertionKey' });
  });
});
