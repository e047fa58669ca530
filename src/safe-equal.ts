import { timingSafeEqual } from 'node:crypto';

/** String equality in constant time (for signatures and tokens); false for different lengths. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
