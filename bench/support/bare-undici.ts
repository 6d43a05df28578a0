/**
 * Figure 1's baseline: the engine's token request made with bare `undici.request`, in a process of
 * its own, as a script that uses undici and nothing else would make it: nothing the engine sets up
 * (its agent, its diagnostics-channel subscribers, its heap) can slow it down or speed it up. Takes
 * the request as JSON in argv; each line on stdin is a count, answered with that many timings (ms)
 * as one line of JSON. Stops when its stdin closes.
 */
import { createInterface } from 'node:readline';
import { request } from 'undici';

const spec = JSON.parse(process.argv[2]!) as { url: string; method: string; headers: string[]; body: string | null };

async function grant(): Promise<void> {
  const response = await request(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
  const token = (await response.body.json()) as { access_token?: string };
  if (response.statusCode !== 200 || !token.access_token) throw new Error(`bare undici got ${response.statusCode}`);
}

process.stdout.write('{"ready":true}\n');
for await (const line of createInterface({ input: process.stdin })) {
  const samples: number[] = [];
  for (let index = 0; index < Number(line); index++) {
    const start = performance.now();
    await grant();
    samples.push(performance.now() - start);
  }
  process.stdout.write(`${JSON.stringify(samples)}\n`);
}
