import { randomBytes } from 'node:crypto';

/** A file that starts as a real JPEG does (SOI + APP0 "JFIF"), with `size` bytes in all. */
export function jpegBytes(size = 2048): Buffer {
  const head = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
  return Buffer.concat([head, randomBytes(Math.max(0, size - head.length - 2)), Buffer.from([0xff, 0xd9])]);
}

/** A file that starts as a real PNG does (signature + IHDR), with `size` bytes in all. */
export function pngBytes(size = 2048): Buffer {
  const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  return Buffer.concat([head, randomBytes(Math.max(0, size - head.length))]);
}

/** A Windows program ("MZ" header): what an .exe renamed .jpg really is. */
export function exeBytes(size = 1024): Buffer {
  return Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(size - 4)]);
}
