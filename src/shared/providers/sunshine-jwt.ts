import type { Profile } from '../domain/profile.ts';

/**
 * Sunshine Conversations app-scoped JWT: signed locally with an API key's secret, sent as a Bearer
 * token. Nothing goes over the network to make it.
 */
export const sunshineJwt: Profile = {
  id: 'sunshine-jwt',
  name: 'Sunshine Conversations (app JWT)',
  summary: 'Signs an app-scoped HS256 JWT with an API key; no network needed.',
  docs: {},
  client: { id: 'keyId', secret: 'secret' },
  fields: [
    {
      name: 'keyId',
      label: 'Key ID',
      type: 'text',
      required: true,
      placeholder: 'app_5e4af71a81966cfff3ef6550',
      help: 'The API key’s ID, sent as the JWT header "kid".',
    },
    { name: 'secret', label: 'Key secret', type: 'secret', required: true },
    { name: 'scope', label: 'Scope', type: 'text', required: true, default: 'app' },
  ],
  steps: [
    {
      kind: 'sign-jwt',
      id: 'sign',
      title: 'Sign the JWT',
      alg: 'HS256',
      key: '{{secret}}',
      header: [
        ['typ', 'JWT'],
        ['kid', '{{keyId}}'],
      ],
      claims: [['scope', '{{scope}}']],
    },
  ],
  diagnoses: [],
};
