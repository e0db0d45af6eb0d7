import { scratch } from '../support/scratch.js';
import { ServerProcess } from './server-process.js';

/**
 * Read-your-writes over HTTP on the embedded engine: POST an order, then GET it with the
 * token and wait=true; the latency is the whole pair, until the order comes back. At
 * concurrency 1 and 32, with acknowledged writes durable (synchronous=FULL).
 */
export async function readYourWritesBenchmark(durationMs: number): Promise<void> {
  const server = await ServerProcess.start('projectionist', scratch('ryw'));
  const customer = await post(`${server.url}/api/customers`, { name: 'Ana', email: 'ana@example.com' });
  /** One pair, timed whole and by halves: the command (a durable append) and the read that waits for the projection. */
  const once = async (): Promise<Pair> => {
    const started = performance.now();
    const order = await post(`${server.url}/api/orders`, { customerId: customer.customerId, items: [{ productId: 'p1', quantity: 1, unitPrice: 9.5 }] });
    const posted = performance.now();
    const response = await fetch(`${server.url}/api/orders/${order.orderId as string}?consistentWith=${order.token as string}&wait=true`);
    const body = (await response.json()) as { orderId?: string };
    if (response.status !== 200 || body.orderId !== order.orderId) throw new Error(`read-your-writes failed: ${response.status}`);
    const done = performance.now();
    return { pair: done - started, post: posted - started, get: done - posted };
  };
  for (let i = 0; i < 500; i += 1) await once();
  console.log('\nRead-your-writes: POST /api/orders, then GET it with its token and wait=true (ms; the pair, then its halves)');
  for (const concurrency of [1, 32]) {
    const pairs: Pair[] = [];
    const deadline = performance.now() + durationMs;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) pairs.push(await once());
      }),
    );
    const target = concurrency === 1 ? 'p99 under 5 ms' : 'p99 under 25 ms';
    console.log(`  concurrency ${String(concurrency).padEnd(3)} ${quantiles(pairs.map((p) => p.pair))}  over ${pairs.length} pairs  (target: ${target})`);
    console.log(`      the POST (append)     ${quantiles(pairs.map((p) => p.post))}`);
    console.log(`      the GET (wait, read)  ${quantiles(pairs.map((p) => p.get))}`);
  }
  await server.stop();
}

interface Pair {
  readonly pair: number;
  readonly post: number;
  readonly get: number;
}

function quantiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  return `p50 ${at(0.5)}  p99 ${at(0.99)}  max ${at(1)}`;
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 202) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}
