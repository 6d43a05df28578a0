/**
 * The static server's process (see static-server.ts): serves the files of a manifest from memory and
 * prints its origin as one line of JSON; stops when its stdin closes.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const dir = process.argv[2]!;
const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<
  string,
  { type: string; file: string }
>;
const files = new Map(
  Object.entries(manifest).map(([route, { type, file }]) => [route, { type, body: readFileSync(file) }]),
);

const server = createServer((request, response) => {
  const file = files.get(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  if (!file) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length });
  response.end(file.body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
