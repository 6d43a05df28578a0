import type { Profile } from '../domain/profile.ts';
import { clientFields, POSTED_CLIENT, tokenStep } from './common.ts';

/**
 * KPN API Store (Apigee): client credentials with `grant_type` in the query and the credentials in
 * a form body; the answer has string numbers and token_type `BearerToken`.
 */
export const kpn: Profile = {
  id: 'kpn',
  name: 'KPN API Store',
  summary: 'Client credentials for KPN APIs (Apigee): the Consumer Key and Secret of your app.',
  docs: { url: 'https://developer.kpn.com/' },
  recognize: {
    tokenRequest: {
      when: [{ pathEnd: '/oauth/client_credential/accesstoken' }, { hosts: ['kpn.com'] }],
      values: { tokenUrl: '{{url}}', ...POSTED_CLIENT },
    },
    apiCall: { when: [{ hosts: ['kpn.com'] }], values: {} },
  },
  client: { id: 'clientId', secret: 'clientSecret' },
  fields: [
    {
      name: 'tokenUrl',
      label: 'Token URL',
      type: 'url',
      required: true,
      default: 'https://api-prd.kpn.com/oauth/client_credential/accesstoken',
    },
    ...clientFields({
      id: 'The Consumer Key of your developer app (My Apps on the KPN API Store).',
      secret: 'The Consumer Secret of the same app.',
    }),
  ],
  steps: [
    tokenStep({
      method: 'POST',
      url: '{{tokenUrl}}',
      query: [['grant_type', 'client_credentials']],
      headers: [['Accept', 'application/json']],
      body: {
        encoding: 'form',
        fields: [
          ['client_id', '{{clientId}}'],
          ['client_secret', '{{clientSecret}}'],
        ],
      },
    }),
  ],
  diagnoses: [
    {
      when: { status: [401], bodyIncludes: 'ClientId is Invalid' },
      code: 'INVALID_CLIENT',
      message: 'KPN does not know this client ID ("ClientId is Invalid").',
      hint: 'Check Client ID: copy the Consumer Key of your app from My Apps.',
      field: 'clientId',
    },
    {
      when: { status: [401], bodyIncludes: 'invalid_client' },
      code: 'INVALID_CLIENT',
      message: 'KPN rejected the client credentials ("Client credentials are invalid").',
      hint: 'Check Client secret: copy the Consumer Secret of your app from My Apps.',
      field: 'clientSecret',
    },
    {
      when: { status: [400], bodyIncludes: 'Unsupported grant type' },
      code: 'HTTP_ERROR',
      message: 'KPN did not find grant_type=client_credentials in the URL query.',
      hint: 'Check Token URL: KPN wants the grant type in the query, which Tokensmith adds; remove any grant_type you typed.',
      field: 'tokenUrl',
    },
  ],
};
