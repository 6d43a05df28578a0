import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/main/core/http/http-client.ts';
import { API_RESOURCE, API_SCOPE, startOidcServer, type OidcServer } from '../../fixtures/oidc/oidc-server.ts';
import { ROOT, tokensmith } from '../../support/cli.ts';
import { startCore } from '../../support/core.ts';

const SERVER_CA = join(ROOT, 'test/fixtures/tls/ca.pem');
const SUBJECT = 'CN=tokensmith-client';

let dir: string;
let oidc: OidcServer;
let app: Awaited<ReturnType<typeof startCore>>;
/** Issued by the client CA the server trusts, to the subject the client is registered with. */
let issued: { cert: string; key: string };
/** Same subject, signed by nobody the server knows: a certificate the client is not registered with. */
let stranger: { cert: string; key: string };
/** Registered as it is for self_signed_tls_client_auth. */
let selfSigned: { cert: string; key: string };

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

function newKey(name: string, subject: string, options: { selfSigned: boolean }): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`];
  if (options.selfSigned) openssl('req', '-x509', ...ec, '-out', `${name}.pem`, '-days', '2', '-subj', `/${subject}`);
  else openssl('req', ...ec, '-out', `${name}.csr`, '-subj', `/${subject}`);
}

function pair(name: string): { cert: string; key: string } {
  return { cert: readFileSync(join(dir, `${name}.pem`), 'utf8'), key: readFileSync(join(dir, `${name}.key`), 'utf8') };
}

const thumbprint = (pem: string) => createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tokensmith-mtls-'));
  newKey('client-ca', 'CN=Tokensmith Test Client CA', { selfSigned: true });
  newKey('client', SUBJECT, { selfSigned: false });
  openssl(
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'client-ca.pem',
    '-CAkey',
    'client-ca.key',
    '-CAcreateserial',
    '-out',
    'client.pem',
    '-days',
    '2',
  );
  newKey('stranger', SUBJECT, { selfSigned: true });
  newKey('self', 'CN=self-signed-client', { selfSigned: true });
  [issued, stranger, selfSigned] = [pair('client'), pair('stranger'), pair('self')];
  const tls = join(ROOT, 'test/fixtures/tls');
  oidc = await startOidcServer({
    mtls: {
      key: readFileSync(join(tls, 'server.key'), 'utf8'),
      cert: readFileSync(join(tls, 'server.pem'), 'utf8'),
      clientCa: readFileSync(join(dir, 'client-ca.pem'), 'utf8'),
      subjectDn: SUBJECT,
      selfSignedCertificate: selfSigned.cert,
    },
  });
  app = await startCore({ autoRenew: false, http: createHttpClient({ caFile: SERVER_CA }) });
}, 60_000);
afterAll(async () => {
  await app.close();
  await oidc.close();
  rmSync(dir, { recursive: true, force: true });
});

async function grant(values: Record<string, string>) {
  return app.call('grant:run', {
    profileId: 'oauth2',
    values: { issuer: oidc.issuer, scope: API_SCOPE, resource: API_RESOURCE, ...values },
  });
}

describe('mutual TLS (RFC 8705) against oidc-provider over https', () => {
  it('tls_client_auth: a token bound to the certificate (cnf.x5t#S256)', async () => {
    const report = await grant({
      clientId: oidc.clients.mtls.clientId,
      clientAuth: 'tls_client_auth',
      clientCertificate: issued.cert,
      clientCertificateKey: issued.key,
    });
    expect(report.error).toBeUndefined();
    expect(report.token?.jwt?.payload.cnf).toEqual({ 'x5t#S256': thumbprint(issued.cert) });
    expect(report.token?.binding).toEqual({ x5tS256: thumbprint(issued.cert) });
    expect(JSON.stringify(report)).not.toContain('PRIVATE KEY');
    // The export names files for the certificate and key, never their content.
    const exported = await app.call('snippet:export', {
      runId: report.runId,
      stepId: report.steps.at(-1)!.id,
      lang: 'curl',
      mode: 'env',
    });
    expect(exported.code).toContain('--cert "$TOKENSMITH_OAUTH2_CLIENT_CERTIFICATE_FILE"');
    expect(exported.code).toContain('--key "$TOKENSMITH_OAUTH2_CLIENT_CERTIFICATE_KEY_FILE"');
    expect(exported.code).not.toContain('BEGIN');
  });

  it('self_signed_tls_client_auth with the registered certificate', async () => {
    const report = await grant({
      clientId: oidc.clients.selfSigned.clientId,
      clientAuth: 'self_signed_tls_client_auth',
      clientCertificate: selfSigned.cert,
      clientCertificateKey: selfSigned.key,
    });
    expect(report.error).toBeUndefined();
    expect(report.token?.jwt?.payload.cnf).toEqual({ 'x5t#S256': thumbprint(selfSigned.cert) });
  });

  it.each([
    ['tls_client_auth', () => oidc.clients.mtls.clientId],
    ['self_signed_tls_client_auth', () => oidc.clients.selfSigned.clientId],
  ] as const)(
    '%s with a certificate the client is not registered with fails INVALID_CLIENT',
    async (clientAuth, id) => {
      const report = await grant({
        clientId: id(),
        clientAuth,
        clientCertificate: stranger.cert,
        clientCertificateKey: stranger.key,
      });
      expect(report.error).toMatchObject({ code: 'INVALID_CLIENT', field: 'clientCertificate' });
      expect(report.token).toBeUndefined();
    },
  );

  it('tokensmith grant --set clientAuth=tls_client_auth takes the certificate from the environment', async () => {
    const result = await tokensmith(
      [
        'grant',
        'oauth2',
        '--set',
        `issuer=${oidc.issuer}`,
        '--set',
        `clientId=${oidc.clients.mtls.clientId}`,
        '--set',
        'clientAuth=tls_client_auth',
        '--set',
        `resource=${API_RESOURCE}`,
        '--json',
      ],
      {
        env: {
          NODE_EXTRA_CA_CERTS: SERVER_CA,
          TOKENSMITH_OAUTH2_CLIENT_CERTIFICATE: issued.cert,
          TOKENSMITH_OAUTH2_CLIENT_CERTIFICATE_KEY: issued.key,
        },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { accessToken: string };
    expect(decodeJwt(json.accessToken).cnf).toEqual({ 'x5t#S256': thumbprint(issued.cert) });
  });
});
