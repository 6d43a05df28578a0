import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import type { FieldValues } from '../../../shared/domain/profile.ts';
import type { ClientCertificate } from '../http/http-client.ts';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

function invalid(field: string, message: string, hint: string, cause?: unknown): AppError {
  return new AppError('INVALID_FIELD', message, { field, hint, cause });
}

/**
 * The client certificate of a form: `clientCertificate` as PEM with `clientCertificateKey`, or a
 * PKCS#12 bundle (base64) with `clientCertificatePassword`. Undefined when none is filled in.
 * @see https://www.rfc-editor.org/rfc/rfc8705#section-2
 */
export function clientCertificateOf(values: FieldValues): ClientCertificate | undefined {
  const cert = values.clientCertificate?.trim() ?? '';
  if (cert === '') return undefined;
  if (PEM_CERTIFICATE.test(cert)) {
    const key = values.clientCertificateKey?.trim() ?? '';
    if (key === '')
      throw new AppError('MISSING_FIELD', 'Certificate key is required with a PEM certificate.', {
        field: 'clientCertificateKey',
        hint: 'Paste the private key of the certificate (PEM).',
      });
    try {
      new X509Certificate(cert);
    } catch (error) {
      throw invalid(
        'clientCertificate',
        'The client certificate cannot be read.',
        'Paste a PEM certificate (-----BEGIN CERTIFICATE-----).',
        error,
      );
    }
    try {
      createPrivateKey(key);
    } catch (error) {
      throw invalid(
        'clientCertificateKey',
        'The certificate key cannot be read.',
        'Paste the certificate’s private key as PEM.',
        error,
      );
    }
    return { cert, key };
  }
  const pfx = Buffer.from(cert.replace(/\s+/g, ''), 'base64');
  if (pfx.length === 0)
    throw invalid(
      'clientCertificate',
      'The client certificate is neither PEM nor base64 PKCS#12.',
      'Paste a PEM certificate, or a .p12 file as base64.',
    );
  const passphrase = values.clientCertificatePassword;
  return { pfx, ...(passphrase ? { passphrase } : {}) };
}

/**
 * The SHA-256 thumbprint of a PEM certificate, base64url: what a certificate-bound token's
 * `cnf.x5t#S256` holds. Undefined for a PKCS#12 bundle (its certificate is not read here).
 * @see https://www.rfc-editor.org/rfc/rfc8705#section-3.1
 */
export function certificateThumbprint(certificate: ClientCertificate): string | undefined {
  if (!('cert' in certificate)) return undefined;
  const pem = PEM_CERTIFICATE.exec(certificate.cert)?.[0];
  return pem ? createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url') : undefined;
}
