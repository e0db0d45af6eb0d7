import type WebSocket from 'ws';

/** The JSON messages a socket receives, as an async iterable (read it with a Receiver). */
export async function* messagesOf(socket: WebSocket): AsyncGenerator<Record<string, unknown>> {
  const queue: Record<string, unknown>[] = [];
  let wake: (() => void) | undefined;
  socket.on('message', (data) => {
    queue.push(JSON.parse(String(data)) as Record<string, unknown>);
    wake?.();
  });
  for (;;) {
    while (queue.length > 0) yield queue.shift()!;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}
