#!/usr/bin/env node
// `npm run icons`: every installer's icon from the one source image, build/icon-source.png
// (1024×1024 RGBA): build/icon.icns (macOS), build/icon.ico (Windows, the NSIS installer too),
// build/icons/<N>x<N>.png (Linux: AppImage, deb and the desktop entry). No image library: the
// PNG codec and the resampler are in png.mjs. `--out <folder>` writes elsewhere (the test).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, encodePng, resize } from './png.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sourceImage = join(root, 'build', 'icon-source.png');
export const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512];
const windowsSizes = [16, 24, 32, 48, 64, 128, 256];
/** macOS icon types holding PNG data, with their pixel sizes (the @2x types repeat a size). */
const macTypes = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512],
];

function icns(imageAt) {
  const entries = macTypes.map(([type, size]) => {
    const png = encodePng(imageAt(size));
    const header = Buffer.alloc(8);
    header.write(type, 0, 'latin1');
    header.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([header, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + entries.reduce((total, entry) => total + entry.length, 0), 4);
  return Buffer.concat([header, ...entries]);
}

/** A 32-bit BMP entry (what every Windows and NSIS version reads) for small sizes. */
function bmpEntry(image) {
  const { width, height, pixels } = image;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8); // colour and mask stacked, as ICO requires
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const colour = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = ((height - 1 - y) * width + x) * 4; // bottom-up rows
      const to = (y * width + x) * 4;
      colour[to] = pixels[from + 2];
      colour[to + 1] = pixels[from + 1];
      colour[to + 2] = pixels[from];
      colour[to + 3] = pixels[from + 3];
    }
  }
  const maskRow = Math.ceil(width / 32) * 4;
  return Buffer.concat([header, colour, Buffer.alloc(maskRow * height)]); // alpha does the masking
}

function ico(imageAt) {
  const images = windowsSizes.map((size) => (size >= 256 ? encodePng(imageAt(size)) : bmpEntry(imageAt(size))));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const directory = images.map((data, index) => {
    const size = windowsSizes[index];
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size;
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...directory, ...images]);
}

export function makeIcons(outputFolder) {
  const source = decodePng(readFileSync(sourceImage));
  if (source.width !== 1024 || source.height !== 1024) throw new Error(`${sourceImage} must be 1024×1024 (it is ${source.width}×${source.height})`);
  const cache = new Map();
  const imageAt = (size) => {
    if (!cache.has(size)) cache.set(size, resize(source, size));
    return cache.get(size);
  };
  mkdirSync(join(outputFolder, 'icons'), { recursive: true });
  const written = [];
  const write = (name, data) => {
    writeFileSync(join(outputFolder, name), data);
    written.push(name);
  };
  write('icon.icns', icns(imageAt));
  write('icon.ico', ico(imageAt));
  for (const size of linuxSizes) write(join('icons', `${size}x${size}.png`), encodePng(imageAt(size)));
  return written;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out');
  const output = outIndex === -1 ? join(root, 'build') : resolve(process.argv[outIndex + 1]);
  const written = makeIcons(output);
  console.error(`Realmkeeper: wrote ${written.length} icon files to ${output} from build/icon-source.png`);
}
