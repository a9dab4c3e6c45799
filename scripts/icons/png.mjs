// A small PNG codec and resampler for the icon script, on node:zlib alone: 8-bit RGBA,
// non-interlaced (what the source image and every icon are), every filter type on decode.
import { deflateSync, inflateSync } from 'node:zlib';

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const crcTable = new Uint32Array(256).map((_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An image is { width, height, pixels: Uint8Array of RGBA, row by row }. */
export function encodePng(image) {
  const { width, height, pixels } = image;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, pixels.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function paeth(left, up, upLeft) {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

export function decodePng(file) {
  if (!file.subarray(0, 8).equals(signature)) throw new Error('not a PNG file');
  let offset = 8;
  let width = 0;
  let height = 0;
  const data = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[9] !== 6 || body[12] !== 0) throw new Error('the source image must be an 8-bit RGBA PNG without interlacing');
    } else if (type === 'IDAT') {
      data.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x];
      const left = x >= 4 ? pixels[y * stride + x - 4] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
      const predicted = filter === 0 ? 0 : filter === 1 ? left : filter === 2 ? up : filter === 3 ? (left + up) >> 1 : paeth(left, up, upLeft);
      pixels[y * stride + x] = (value + predicted) & 0xff;
    }
  }
  return { width, height, pixels };
}

/** For each target pixel along one axis, the source pixels it covers and by how much. */
function axisWeights(sourceSize, targetSize) {
  const scale = sourceSize / targetSize;
  return Array.from({ length: targetSize }, (_, index) => {
    const start = index * scale;
    const end = start + scale;
    const weights = [];
    for (let source = Math.floor(start); source < Math.min(Math.ceil(end), sourceSize); source += 1) {
      const overlap = Math.min(end, source + 1) - Math.max(start, source);
      if (overlap > 0) weights.push([source, overlap / scale]);
    }
    return weights;
  });
}

/** Area-averaging downscale with premultiplied alpha, so transparent edges keep their colour. */
export function resize(image, size) {
  if (image.width === size && image.height === size) return image;
  const columns = axisWeights(image.width, size);
  const rows = axisWeights(image.height, size);
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (const [sourceY, weightY] of rows[y]) {
        for (const [sourceX, weightX] of columns[x]) {
          const at = (sourceY * image.width + sourceX) * 4;
          const weight = weightX * weightY;
          const pixelAlpha = image.pixels[at + 3] * weight;
          red += image.pixels[at] * pixelAlpha;
          green += image.pixels[at + 1] * pixelAlpha;
          blue += image.pixels[at + 2] * pixelAlpha;
          alpha += pixelAlpha;
        }
      }
      const at = (y * size + x) * 4;
      if (alpha > 0) {
        pixels[at] = Math.round(red / alpha);
        pixels[at + 1] = Math.round(green / alpha);
        pixels[at + 2] = Math.round(blue / alpha);
      }
      pixels[at + 3] = Math.round(alpha);
    }
  }
  return { width: size, height: size, pixels };
}
