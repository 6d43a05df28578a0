/**
 * `node scripts/icons.ts`: draws resources/icon.svg with Debian's Chromium and writes the icons the
 * installers use: icon.png (512×512, Linux and the fallback), icon.ico (Windows: 16 to 256 px) and
 * icon.icns (macOS: 16 to 1024 px). The results are committed; run this again after changing the SVG.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const resources = path.join(root, 'resources');

async function render(svg: string, sizes: readonly number[]): Promise<Map<number, Buffer>> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    const images = new Map<number, Buffer>();
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      const data = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img src="${data}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      // A string: this script's types are Node's, the predicate runs in the page.
      await page.waitForFunction('document.images[0]?.complete === true');
      images.set(
        size,
        await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }),
      );
    }
    return images;
  } finally {
    await browser.close();
  }
}

/** An ICO file whose images are PNGs (allowed since Windows Vista). */
function ico(images: readonly [number, Buffer][]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + images.length * 16;
  const entries = images.map(([size, png]) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map(([, png]) => png)]);
}

/** An ICNS file with PNG entries, by the OSType each size has. */
function icns(images: readonly [string, Buffer][]): Buffer {
  const chunks = images.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const svg = await readFile(path.join(resources, 'icon.svg'), 'utf8');
const images = await render(svg, [16, 24, 32, 48, 64, 128, 256, 512, 1024]);
const png = (size: number): Buffer => images.get(size)!;
await writeFile(path.join(resources, 'icon.png'), png(512));
await writeFile(path.join(resources, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((size) => [size, png(size)])));
await writeFile(
  path.join(resources, 'icon.icns'),
  icns([
    ['icp4', png(16)],
    ['icp5', png(32)],
    ['icp6', png(64)],
    ['ic07', png(128)],
    ['ic08', png(256)],
    ['ic09', png(512)],
    ['ic10', png(1024)],
  ]),
);
console.log('wrote resources/icon.png, icon.ico and icon.icns');
