// Draws the Teams app icons in code (no image files to keep in step with the organisation's colour):
// a speech bubble in white, on the organisation's colour (192x192) or on transparency (32x32 outline).
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels (4 bytes each, row by row) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Width and height from a PNG's header, or undefined when it is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Is (x, y), in a unit square, inside the speech bubble: a rounded body and a tail at the lower left? */
function inBubble(x: number, y: number): boolean {
  const [left, top, right, bottom, r] = [0.16, 0.2, 0.84, 0.68, 0.12];
  const cx = Math.min(Math.max(x, left + r), right - r);
  const cy = Math.min(Math.max(y, top + r), bottom - r);
  if (x >= left && x <= right && y >= top && y <= bottom && (x - cx) ** 2 + (y - cy) ** 2 <= r * r) return true;
  // The tail: a triangle below the body.
  const [ax, ay, bx, by, tx, ty] = [0.3, 0.66, 0.46, 0.66, 0.26, 0.84];
  const d = (bx - ax) * (ty - ay) - (tx - ax) * (by - ay);
  const u = ((x - ax) * (ty - ay) - (tx - ax) * (y - ay)) / d;
  const v = ((bx - ax) * (y - ay) - (x - ax) * (by - ay)) / d;
  return u >= 0 && v >= 0 && u + v <= 1;
}

function hex(colour: string): [number, number, number] {
  const n = parseInt(colour.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Fraction of a pixel covered by the shape, sampled 4x4 for smooth edges. */
function coverage(px: number, py: number, size: number, shape: (x: number, y: number) => boolean): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (shape((px + (i + 0.5) / 4) / size, (py + (j + 0.5) / 4) / size)) hits++;
  return hits / 16;
}

/** 192x192: a white bubble with three dots on the organisation's colour. */
export function colourIcon(colour: string): Buffer {
  const size = 192;
  const [r, g, b] = hex(colour);
  const dots = (x: number, y: number) => [0.36, 0.5, 0.64].some((dx) => (x - dx) ** 2 + (y - 0.44) ** 2 <= 0.045 ** 2);
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const white = coverage(x, y, size, (u, v) => inBubble(u, v) && !dots(u, v));
      const o = (y * size + x) * 4;
      pixels[o] = Math.round(r + (255 - r) * white);
      pixels[o + 1] = Math.round(g + (255 - g) * white);
      pixels[o + 2] = Math.round(b + (255 - b) * white);
      pixels[o + 3] = 255;
    }
  }
  return encodePng(size, size, pixels);
}

/** 32x32: the bubble's outline in white on transparency, as Teams asks for the outline icon. */
export function outlineIcon(): Buffer {
  const size = 32;
  const inner = (x: number, y: number) => {
    // The same bubble shrunk about its middle: what is in the bubble but not in this is the outline.
    const s = 0.8;
    return inBubble(0.5 + (x - 0.5) / s, 0.46 + (y - 0.46) / s);
  };
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(x, y, size, (u, v) => inBubble(u, v) && !inner(u, v));
      const o = (y * size + x) * 4;
      pixels[o] = pixels[o + 1] = pixels[o + 2] = 255;
      pixels[o + 3] = Math.round(a * 255);
    }
  }
  return encodePng(size, size, pixels);
}
