import type { HttpRequestSpec } from '../../../shared/domain/http.ts';
import type { Profile } from '../../../shared/domain/profile.ts';
import { PROFILES } from '../../../shared/providers/index.ts';
import type { PlannedRequest } from './import-plan.ts';
import { followUpFrom, holderFor } from './follow-up.ts';
import { isTokenRequest, takeFlowRequest, tokenRequestPlan } from './token-request.ts';

export interface ImportedItem {
  /** The request with every value known: what is classified and where a token request's values come from. */
  spec: HttpRequestSpec;
  /** The same request as a follow-up should keep it (with `{{env.NAME}}` references), when it differs. */
  followUpSpec?: HttpRequestSpec | undefined;
  /**
   * The same request with the importer's environment variables expanded (cURL's `"$TOKENSMITH_…"`).
   * Only a token request's secret fields take values from it: the file chose where every request
   * goes, so an expanded value anywhere else could carry a secret to its author.
   */
  secretSpec?: HttpRequestSpec | undefined;
  name?: string | undefined;
  folder?: string | undefined;
}

/**
 * Turns requests, in the order they came, into saved requests. Token requests become saved
 * requests; every other request becomes a follow-up of the token request before it (or the first
 * one), so a doc's "get a token, then call the API" pair stays together. Without any token request
 * the calls go to one "Imported requests" saved request per provider and origin.
 */
export function assemble(
  items: readonly ImportedItem[],
  warnings: string[],
  profiles: readonly Profile[] = PROFILES,
): PlannedRequest[] {
  const requests: PlannedRequest[] = [];
  const tokenRequests: PlannedRequest[] = [];
  const pending: { item: ImportedItem; index: number }[] = [];
  for (const item of items) {
    if (isTokenRequest(item.spec)) {
      const { request, warnings: found } = tokenRequestPlan(item.spec, { ...item, profiles });
      warnings.push(...found);
      requests.push(request);
      tokenRequests.push(request);
    } else {
      pending.push({ item, index: tokenRequests.length - 1 });
    }
  }
  const holders = new Map<string, PlannedRequest>();
  for (const { item, index } of pending) {
    // A step of the next token request's own flow (a login, a device authorization) is part of it.
    const next = tokenRequests[index + 1];
    if (next && takeFlowRequest(next, item, { warnings, profiles })) continue;
    const owner = tokenRequests[Math.max(index, 0)];
    const { followUp, bearer, warnings: found } = followUpFrom(item.followUpSpec ?? item.spec, item.name);
    warnings.push(...found);
    if (owner) {
      owner.followUps.push(followUp);
      if (bearer) warnings.push(`The Bearer token of "${followUp.name}" was not kept: "${owner.name}" gets one.`);
      continue;
    }
    // A token from an expanded variable may fill the holder's own secret token field (its provider's
    // host is the only one it is sent to), never the call itself.
    const holder = holderFor(item.spec.url, {
      bearer: bearer ?? (item.secretSpec && followUpFrom(item.secretSpec).bearer),
      profiles,
    });
    const host = URL.canParse(item.spec.url) ? new URL(item.spec.url).host : 'no host';
    const key = `${holder.profileId} ${host} ${item.folder ?? ''}`;
    let request = holders.get(key);
    if (!request) {
      request = {
        name: `Imported requests (${host})`,
        folder: item.folder ?? '',
        profileId: holder.profileId,
        values: holder.values,
        followUps: [],
      };
      holders.set(key, request);
      requests.push(request);
    } else if (holder.values.accessToken && !request.values.accessToken) {
      request.values.accessToken = holder.values.accessToken;
    }
    if (bearer && !('accessToken' in holder.values))
      warnings.push(
        `The Bearer token of "${followUp.name}" was not kept (a follow-up is stored in clear): get a token with "${request.name}".`,
      );
    request.followUps.push(followUp);
  }
  return requests;
}
