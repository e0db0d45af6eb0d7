/**
 * The dashboard's WebSocket (see the gateway's contract in src/notifications/websocket-gateway.ts):
 * subscribes to the status reports and to the correlation ids of the commands it sent, watches
 * their tokens, and reconnects when the connection drops (then `onOpen` subscribes again).
 * Subscribe and unsubscribe replies come in the order they were asked, so each is matched to
 * its request by a queue; every other message goes to `onMessage`.
 */
export class LiveSocket {
  constructor(path, { onOpen, onMessage, onState }) {
    this.url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
    this.handlers = { onOpen, onMessage, onState };
    this.acks = [];
    this.retryMs = 500;
    this.connect();
  }

  get open() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Resolves with the `Subscribed` reply, or rejects with an `Error` reply or a closed connection. */
  subscribe(fields) {
    return this.ask({ type: 'subscribe', ...fields });
  }

  unsubscribe(fields) {
    return this.ask({ type: 'unsubscribe', ...fields }).catch(() => undefined);
  }

  /** Asks whether a command's write is visible; the answer comes to `onMessage` (WriteVisible, WriteParked, WritePending, Error with the token). */
  watch(token) {
    if (this.open) this.socket.send(JSON.stringify({ type: 'watch', token }));
  }

  ask(message) {
    if (!this.open) return Promise.reject(new Error('the WebSocket is not connected'));
    return new Promise((resolve, reject) => {
      this.acks.push({ resolve, reject });
      this.socket.send(JSON.stringify(message));
    });
  }

  connect() {
    this.handlers.onState('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 500;
      this.handlers.onState('live');
      this.handlers.onOpen();
    });
    socket.addEventListener('message', (event) => this.received(JSON.parse(event.data)));
    socket.addEventListener('close', () => {
      for (const ack of this.acks.splice(0)) ack.reject(new Error('the WebSocket closed'));
      this.handlers.onState('offline');
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
    });
  }

  received(message) {
    const isReply = message.type === 'Subscribed' || message.type === 'Unsubscribed' || (message.type === 'Error' && message.token === undefined);
    if (isReply && this.acks.length > 0) {
      const ack = this.acks.shift();
      if (message.type === 'Error') ack.reject(new Error(message.message));
      else ack.resolve(message);
      return;
    }
    this.handlers.onMessage(message);
  }
}
