/**
 * The seal (印章) area for DOCX: a PNG of a dashed circle, drawn here (a few hundred bytes once
 * compressed), floated behind the signature. The PDF draws the same circle as vector graphics.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

let cached: Buffer | undefined;

/** A square RGBA PNG, `size` pixels, with a dashed circle in the seal colour at 55% opacity. */
export function sealPng(size = 400, rgb: [number, number, number] = [0xe6, 0x00, 0x12]): Buffer {
  if (cached && size === 400) return cached;
  const r = size / 2 - 3;
  const stroke = Math.max(2, size / 160);
  const dashes = 48; // dash + gap pairs around the circle
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - size / 2;
      const dy = y + 0.5 - size / 2;
      const d = Math.abs(Math.hypot(dx, dy) - r);
      if (d > stroke) continue;
      const angle = (Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI);
      if ((angle * dashes) % 1 > 0.62) continue;
      const alpha = Math.round(255 * 0.55 * Math.min(1, stroke - d + 0.5));
      row.set([rgb[0], rgb[1], rgb[2], alpha], 1 + x * 4);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
  if (size === 400) cached = png;
  return png;
}
