import { z } from 'zod';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A header or form field, kept in order: the order we send is the order we preview and export. */
export const pairSchema = z.tuple([z.string(), z.string()]);
export type Pair = z.infer<typeof pairSchema>;

export const bodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('form'), fields: z.array(pairSchema) }),
  /** `text` is the exact JSON text sent, so key order and spacing are what the user sees. */
  z.object({ kind: z.literal('json'), text: z.string() }),
  z.object({ kind: z.literal('raw'), text: z.string() }),
]);
export type Body = z.infer<typeof bodySchema>;

/**
 * The one request model: every step of every flow compiles to this value, and the same value is
 * sent, previewed, recorded and exported as cURL.
 */
export const httpRequestSpecSchema = z.object({
  method: z.enum(HTTP_METHODS),
  url: z.string(),
  headers: z.array(pairSchema),
  body: bodySchema,
  /**
   * RFC 8705: the request is sent with a client certificate. Only the names of the variables an
   * export reads the certificate and key files from: never their content.
   */
  clientCertificate: z.object({ certVariable: z.string(), keyVariable: z.string().optional() }).optional(),
});
export type HttpRequestSpec = z.infer<typeof httpRequestSpecSchema>;

export const timingSchema = z.object({
  /** Milliseconds from the start of the request until the whole body was read. */
  totalMs: z.number(),
  /** Until the status line and headers arrived. */
  firstByteMs: z.number(),
  /** Reading the body. */
  downloadMs: z.number(),
  connectMs: z.number().optional(),
  tlsMs: z.number().optional(),
});
export type Timing = z.infer<typeof timingSchema>;

export const httpResponseRecordSchema = z.object({
  status: z.number(),
  headers: z.array(pairSchema),
  /** The body decoded as UTF-8. */
  bodyText: z.string(),
  /** Size of the body in bytes, as received. */
  size: z.number(),
  timing: timingSchema,
});
export type HttpResponseRecord = z.infer<typeof httpResponseRecordSchema>;

/**
 * Percent-encodes everything but RFC 3986 unreserved characters.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-2.3
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Encodes a form name or value exactly as `curl --data-urlencode` does (percent-encoding, with
 * space as `+`), so the body we send and the body an exported command sends are the same bytes.
 * Servers decode it as `application/x-www-form-urlencoded`.
 * @see https://url.spec.whatwg.org/#application/x-www-form-urlencoded
 */
export function formEncode(value: string): string {
  return percentEncode(value).replace(/%20/g, '+');
}

export function encodeForm(fields: readonly Pair[]): string {
  return fields.map(([name, value]) => `${formEncode(name)}=${formEncode(value)}`).join('&');
}

/** The exact text of the body on the wire, or undefined when there is none. */
export function bodyText(body: Body): string | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'form':
      return encodeForm(body.fields);
    case 'json':
    case 'raw':
      return body.text;
  }
}

export function headerValue(headers: readonly Pair[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === lower)?.[1];
}
