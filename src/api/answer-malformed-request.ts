import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

const STATUS_OF: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, HPE_CHUNK_EXTENSIONS_OVERFLOW: 413, ERR_HTTP_REQUEST_TIMEOUT: 408 };

/**
 * Node's HTTP parser refuses some requests before Express sees them (raw non-ASCII bytes in
 * the request line, headers past 16 KiB, a malformed header) and would answer a bare status
 * line: this answers them as every other error, with a problem, then closes the connection,
 * which the parser cannot read further. Nothing is written over a response already begun.
 */
export function answerMalformedRequest(error: Error & { code?: string; reason?: string }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = STATUS_OF[error.code ?? ''] ?? 400;
  const title = STATUS_CODES[status] ?? 'Bad Request';
  const detail = status === 400 ? `the request is not well-formed HTTP/1.1: ${error.reason ?? error.code ?? 'unreadable'}` : `the request could not be read: ${title}`;
  const body = JSON.stringify({ status, title, detail });
  socket.end(`HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
