/**
 * Whether a request's `Origin` may use the WebSocket or Server-Sent Events: any when the
 * allowlist is empty; otherwise only a listed one. A request without `Origin` does not come
 * from a browser page, and an allowlist cannot protect anything from it, so it passes.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0 || origin === undefined) return true;
  return allowed.includes(origin);
}
