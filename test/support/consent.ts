import { request } from 'undici';

function decodeEntities(text: string): string {
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => entities[entity] ?? entity);
}

/**
 * Plays a browser on a simulator's consent page without a browser: reads the form and posts the
 * decision. Returns where the server redirects the browser (the redirect URI with code and state).
 */
export async function consentRedirect(authorizationUrl: string, decision: 'allow' | 'deny'): Promise<string> {
  const page = await request(authorizationUrl);
  const html = await page.body.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (page.statusCode !== 200 || !action)
    throw new Error(`No consent form at ${authorizationUrl} (${page.statusCode}): ${html.slice(0, 200)}`);
  const fields = new URLSearchParams(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match): [string, string] => [
      match[1]!,
      decodeEntities(match[2]!),
    ]),
  );
  fields.set('decision', decision);
  const answer = await request(new URL(action, authorizationUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  });
  await answer.body.dump();
  const location = answer.headers.location;
  if (typeof location !== 'string') throw new Error(`The decision did not redirect (${answer.statusCode}).`);
  return location;
}

/** Decides on the consent page and follows the redirect to the app's loopback listener, as a click would. */
export async function answerConsent(authorizationUrl: string, decision: 'allow' | 'deny'): Promise<void> {
  const callback = await request(await consentRedirect(authorizationUrl, decision));
  await callback.body.dump();
}
