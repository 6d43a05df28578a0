import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore } from '../../support/core.ts';

/** Issue 18: "What will be sent" and `tokensmith curl` show PAR and JAR as a run sends them. */
let app: Awaited<ReturnType<typeof startCore>>;

beforeAll(async () => {
  app = await startCore({ autoRenew: false });
});
afterAll(async () => {
  await app.close();
});

const codeFlow = {
  issuer: 'https://idp.example.test',
  grantType: 'authorization_code',
  clientId: 'a-client',
  clientAuth: 'basic',
  clientSecret: 'a secret that signs',
  scope: 'openid',
};

type Step = Awaited<ReturnType<typeof preview>>['steps'][number];

async function preview(values: Record<string, string>) {
  return app.call('grant:preview', { profileId: 'oauth2', values: { ...codeFlow, ...values } });
}

function formOf(step: Step | undefined): Record<string, string> {
  const body = step?.request?.body;
  return body?.kind === 'form' ? Object.fromEntries(body.fields) : {};
}

describe('the preview of PAR and JAR', () => {
  it('with PAR on: the pushed request first, then a browser URL with only client_id and request_uri', async () => {
    const { steps, error } = await preview({ par: 'on' });
    expect(error).toBeUndefined();
    expect(steps.map((step) => [step.id, step.kind])).toEqual([
      ['discover', 'request'],
      ['authorize.par', 'request'],
      ['authorize', 'browser'],
      ['code-exchange', 'request'],
    ]);
    const pushed = steps[1]!;
    expect(pushed.title).toBe('Send the authorization request first (PAR)');
    expect(pushed.request?.method).toBe('POST');
    // The client authenticates as at the token endpoint; client_id is not repeated in the body.
    expect(pushed.request?.headers).toContainEqual(['Authorization', 'Basic ••••']);
    expect(formOf(pushed)).toMatchObject({
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'http://127.0.0.1/callback',
      code_challenge_method: 'S256',
    });
    expect(formOf(pushed).client_id).toBeUndefined();
    const browser = new URL(steps[2]!.url!);
    expect([...browser.searchParams]).toEqual([
      ['client_id', 'a-client'],
      ['request_uri', 'TOKENSMITH_PENDING_REQUEST_URI'],
    ]);
  });

  it('with a signed request object: the browser URL carries the request JWT, signed, with every parameter', async () => {
    const { steps, error } = await preview({ requestObject: 'signed' });
    expect(error).toBeUndefined();
    const browser = new URL(steps.find((step) => step.id === 'authorize')!.url!);
    expect([...browser.searchParams.keys()]).toEqual(['client_id', 'response_type', 'scope', 'request']);
    const claims = decodeJwt(browser.searchParams.get('request')!);
    expect(claims).toMatchObject({
      iss: 'a-client',
      client_id: 'a-client',
      aud: 'https://idp.example.test',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1/callback',
      code_challenge_method: 'S256',
    });
  });

  it('with both: the pushed body holds only the request object, the browser only client_id and request_uri', async () => {
    const { steps } = await preview({ requestObject: 'signed', par: 'on' });
    const pushed = steps.find((step) => step.id === 'authorize.par')!;
    expect(Object.keys(formOf(pushed))).toEqual(['request']);
    expect(decodeJwt(formOf(pushed).request!)).toMatchObject({ response_type: 'code', scope: 'openid' });
    expect([...new URL(steps.find((step) => step.id === 'authorize')!.url!).searchParams.keys()]).toEqual([
      'client_id',
      'request_uri',
    ]);
  });

  it('with PAR off: one browser URL with every parameter, as before', async () => {
    const { steps } = await preview({ par: 'off' });
    expect(steps.some((step) => step.id === 'authorize.par')).toBe(false);
    const browser = new URL(steps.find((step) => step.id === 'authorize')!.url!);
    expect(browser.searchParams.get('redirect_uri')).toBe('http://127.0.0.1/callback');
    expect(browser.searchParams.get('request_uri')).toBeNull();
  });
});
