/**
 * Whether an error means the connection (or the server) went away, rather than that the
 * statement was wrong: SQLSTATE class 08, an administrator's or a crash's shutdown (57P01-03),
 * a refused or reset socket, or node-postgres' own "Connection terminated". Such a read is worth
 * trying again; anything else is not.
 */
export function isConnectionLoss(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code))) return true;
  if (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect/i.test(message);
}
