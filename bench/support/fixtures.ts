import type { SavedRequest } from '../../src/shared/domain/workspace.ts';
import { PROFILES } from '../../src/shared/providers/index.ts';

/** A small deterministic PRNG (mulberry32): the same fixtures in every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CUSTOMERS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
];
const ENVIRONMENTS = ['production', 'staging', 'test', 'sandbox', 'eu', 'us'];
const PURPOSES = ['token', 'reporting', 'webhooks', 'admin', 'read-only', 'support', 'export', 'sync'];

/** A workspace of saved requests as a busy user could have: customers, environments, folders. */
export function savedRequests(count: number): SavedRequest[] {
  const next = random(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const orders = new Map<string, number>();
  return Array.from({ length: count }, (_, index): SavedRequest => {
    const customer = pick(CUSTOMERS);
    const environment = pick(ENVIRONMENTS);
    const profile = pick(PROFILES);
    const folder = next() < 0.2 ? '' : `${customer}/${environment}`;
    const order = orders.get(folder) ?? 0;
    orders.set(folder, order + 1);
    return {
      id: `request-${String(index).padStart(5, '0')}`,
      name: `${customer} ${environment} ${pick(PURPOSES)} ${String(index).padStart(4, '0')}`,
      folder,
      order,
      profileId: profile.id,
      values: { clientId: `client-${index.toString(36)}` },
      secretFields: [],
      followUps: [],
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
  });
}

/** What the sidebar searches in, per request (SavedRequest name, folder and provider name). */
export function searchTexts(requests: readonly SavedRequest[]): string[] {
  return requests.map(
    (request) =>
      `${request.name} ${request.folder} ${PROFILES.find((profile) => profile.id === request.profileId)?.name ?? ''}`,
  );
}

/**
 * A JSON API response of at least `bytes` bytes, minified as APIs send it: a page of customer
 * records with nested objects, arrays, numbers, booleans and nulls.
 */
export function bigJson(bytes: number): string {
  const next = random(42);
  const records: string[] = [];
  let size = 0;
  for (let id = 1; size < bytes; id++) {
    const record = JSON.stringify({
      id,
      type: 'customer',
      attributes: {
        name: `${CUSTOMERS[id % CUSTOMERS.length]} ${ENVIRONMENTS[id % ENVIRONMENTS.length]} ${id}`,
        email: `contact${id}@example.com`,
        created_at: new Date(Date.UTC(2024, 0, 1) + id * 60_000).toISOString(),
        score: Math.round(next() * 1e6) / 1e6,
        active: next() < 0.8,
        notes: next() < 0.5 ? null : 'Prefers e-mail; invoices quarterly.',
        tags: PURPOSES.filter(() => next() < 0.3),
        address: { street: `${id} Main Street`, city: 'Springfield', country: 'US' },
      },
      links: { self: `https://api.example.com/v3/customers/${id}` },
    });
    records.push(record);
    size += record.length + 1;
  }
  return `{"data":[${records.join(',')}],"meta":{"count":${records.length},"page":1}}`;
}
