import { clientIdOnly, type ClientAuth } from './client-auth.ts';

/**
 * `none`: a public client sends only its ID.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export const none: ClientAuth = { apply: clientIdOnly };
