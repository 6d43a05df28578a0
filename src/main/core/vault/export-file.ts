import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import {
  DEFAULT_KDF,
  deriveKey,
  KDF_LIMITS,
  newSalt,
  openAesGcm,
  sealAesGcm,
  type KdfParams,
} from './passphrase-cipher.ts';

/** What an import accepts: a file may not make this machine spend minutes or gigabytes. */
export { KDF_LIMITS };

/**
 * The encrypted export file, byte by byte:
 *
 *   magic "TOKNSMTH" (8) | version (1) | memory KiB (u32) | iterations (u32) | parallelism (u8)
 *   | salt (16) | key check (16) | payload length (u32) | header digest (8)
 *   | iv (12) | ciphertext | tag (16)
 *
 * The whole header (magic to digest) is AES-GCM additional data, so no header byte can change
 * without the payload failing to open. The key check (an HMAC of a constant under the derived key)
 * tells a wrong passphrase from a damaged file, the payload length tells a truncated file, and the
 * digest tells random damage in the header from a wrong passphrase.
 */
const MAGIC = Buffer.from('TOKNSMTH', 'ascii');
export const EXPORT_VERSION = 1;
const HEADER_BYTES = 8 + 1 + 4 + 4 + 1 + 16 + 16 + 4 + 8;
const SEALED_OVERHEAD = 12 + 16;
const KEY_CHECK_LABEL = 'tokensmith export key check';

function keyCheck(key: Buffer): Buffer {
  return createHmac('sha256', key).update(KEY_CHECK_LABEL).digest().subarray(0, 16);
}

function digest(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest().subarray(0, 8);
}

function writeHeader(params: KdfParams, salt: Buffer, check: Buffer, payloadLength: number): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  let offset = MAGIC.copy(header, 0);
  offset = header.writeUInt8(EXPORT_VERSION, offset);
  offset = header.writeUInt32BE(params.memoryKiB, offset);
  offset = header.writeUInt32BE(params.iterations, offset);
  offset = header.writeUInt8(params.parallelism, offset);
  offset += salt.copy(header, offset);
  offset += check.copy(header, offset);
  offset = header.writeUInt32BE(payloadLength, offset);
  digest(header.subarray(0, offset)).copy(header, offset);
  return header;
}

/** Encrypts a payload under a passphrase, with a fresh salt and IV every time. */
export async function sealExport(
  payload: unknown,
  passphrase: string,
  params: KdfParams = DEFAULT_KDF,
): Promise<Buffer> {
  const salt = newSalt();
  const key = await deriveKey(passphrase, salt, params);
  const plaintext = Buffer.from(JSON.stringify(payload), 'utf8');
  const header = writeHeader(params, salt, keyCheck(key), plaintext.length + SEALED_OVERHEAD);
  return Buffer.concat([header, sealAesGcm(key, plaintext, header)]);
}

function fail(
  code:
    | 'EXPORT_NOT_A_VAULT_FILE'
    | 'EXPORT_UNSUPPORTED_VERSION'
    | 'EXPORT_TRUNCATED'
    | 'EXPORT_CORRUPTED'
    | 'EXPORT_KDF_REJECTED'
    | 'WRONG_PASSPHRASE',
  message: string,
  hint: string,
): never {
  throw new AppError(code, message, { hint });
}

function checkLimit(name: keyof typeof KDF_LIMITS, value: number): void {
  const { min, max } = KDF_LIMITS[name];
  if (value < min || value > max) {
    fail(
      'EXPORT_KDF_REJECTED',
      `The file asks for a key derivation with ${name} ${value}, outside ${min}–${max}.`,
      'Tokensmith refuses it to protect this computer; the file was not made by Tokensmith or was altered.',
    );
  }
}

/**
 * Reads an export file. Each way it can be wrong has its own code, and nothing is decrypted
 * before the header is known to be intact and the passphrase right.
 */
export async function openExport(file: Buffer, passphrase: string): Promise<unknown> {
  if (file.length < MAGIC.length || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    // An empty file is a copy that stopped before its first byte: cut short, like any other prefix.
    if (file.length < MAGIC.length && MAGIC.subarray(0, file.length).equals(file)) {
      fail(
        'EXPORT_TRUNCATED',
        file.length === 0 ? 'The export file is empty.' : 'The export file is cut short.',
        'Copy the file again; it is incomplete.',
      );
    }
    fail(
      'EXPORT_NOT_A_VAULT_FILE',
      'This is not a Tokensmith export file.',
      'Choose a file made with Export vault (it starts with TOKNSMTH).',
    );
  }
  if (file.length === MAGIC.length)
    fail('EXPORT_TRUNCATED', 'The export file is cut short.', 'Copy the file again; it is incomplete.');
  const version = file.readUInt8(MAGIC.length);
  if (version !== EXPORT_VERSION) {
    fail(
      'EXPORT_UNSUPPORTED_VERSION',
      `The export file has format version ${version}; this Tokensmith reads version ${EXPORT_VERSION}.`,
      'Update Tokensmith, or export again from the Tokensmith that made it.',
    );
  }
  if (file.length < HEADER_BYTES)
    fail('EXPORT_TRUNCATED', 'The export file is cut short.', 'Copy the file again; it is incomplete.');
  const header = file.subarray(0, HEADER_BYTES);
  if (!timingSafeEqual(digest(header.subarray(0, HEADER_BYTES - 8)), header.subarray(HEADER_BYTES - 8))) {
    fail(
      'EXPORT_CORRUPTED',
      'The export file is damaged (its header does not match its checksum).',
      'Copy the file again from where it was made.',
    );
  }
  let offset = MAGIC.length + 1;
  const params: KdfParams = {
    memoryKiB: header.readUInt32BE(offset),
    iterations: header.readUInt32BE(offset + 4),
    parallelism: header.readUInt8(offset + 8),
  };
  offset += 9;
  const salt = header.subarray(offset, offset + 16);
  const check = header.subarray(offset + 16, offset + 32);
  const payloadLength = header.readUInt32BE(offset + 32);
  const sealed = file.subarray(HEADER_BYTES);
  if (sealed.length < payloadLength)
    fail(
      'EXPORT_TRUNCATED',
      `The export file is cut short (${sealed.length} of ${payloadLength} bytes of data).`,
      'Copy the file again; it is incomplete.',
    );
  if (sealed.length > payloadLength)
    fail('EXPORT_CORRUPTED', 'The export file has bytes after its end.', 'Copy the file again from where it was made.');
  checkLimit('memoryKiB', params.memoryKiB);
  checkLimit('iterations', params.iterations);
  checkLimit('parallelism', params.parallelism);

  const key = await deriveKey(passphrase, Buffer.from(salt), params);
  if (!timingSafeEqual(keyCheck(key), check))
    fail(
      'WRONG_PASSPHRASE',
      'The passphrase does not open this export file.',
      'Type the passphrase that was set when the file was exported.',
    );
  let plaintext: Buffer;
  try {
    plaintext = openAesGcm(key, Buffer.from(sealed), Buffer.from(header));
  } catch {
    fail(
      'EXPORT_CORRUPTED',
      'The export file was altered or damaged: its contents do not match their authentication tag.',
      'Copy the file again from where it was made.',
    );
  }
  try {
    return JSON.parse(plaintext.toString('utf8')) as unknown;
  } catch {
    fail(
      'EXPORT_CORRUPTED',
      'The export file decrypts to something that is not Tokensmith data.',
      'Export again with this version of Tokensmith.',
    );
  }
}
