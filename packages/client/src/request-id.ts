/** A fresh X-Request-ID: a v4 UUID from Web Crypto, which Node 20 and every current browser have. */
export function newRequestId(): string {
  const { crypto } = globalThis as { crypto?: { randomUUID?: () => string } };
  if (crypto?.randomUUID === undefined) throw new Error('crypto.randomUUID is not available in this runtime');
  return crypto.randomUUID();
}
