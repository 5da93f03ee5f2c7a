import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'fwb_token';

export const newToken = (): string => randomBytes(24).toString('base64url');

/** Token from `?token=` or from the cookie set after the first tokened visit. */
export function requestToken(req: IncomingMessage): string | undefined {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const q = url.searchParams.get('token');
  if (q) return q;
  const cookie = req.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Browsers always send Origin on a WebSocket upgrade; a page from another site (or a DNS-rebinding
 * host name) must not reach the API even if it somehow has the cookie. Clients that are not browsers
 * (CLI, tests) send no Origin and are allowed on the token alone.
 */
export function checkOrigin(req: IncomingMessage, allowedHosts: string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' && allowedHosts.includes(u.host);
  } catch {
    return false;
  }
}

/** The Host header must name us (defeats DNS rebinding for plain HTTP requests). */
export function checkHost(req: IncomingMessage, allowedHosts: string[]): boolean {
  const host = req.headers.host;
  return !!host && allowedHosts.includes(host);
}
