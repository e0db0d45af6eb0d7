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
  const once = async (): Promise<number> => {
    const started = performance.now();
    const order = await post(`${server.url}/api/orders`, { customerId: customer.customerId, items: [{ productId: 'p1', quantity: 1, unitPrice: 9.5 }] });
    const response = await fetch(`${server.url}/api/orders/${order.orderId as string}?consistentWith=${order.token as string}&wait=true`);
    const body = (await response.json()) as { orderId?: string };
    if (response.status !== 200 || body.orderId !== order.orderId) throw new Error(`read-your-writes failed: ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 500; i += 1) await once();
  console.log('\nRead-your-writes: POST /api/orders, then GET it with its token and wait=true (ms, whole pair)');
  for (const concurrency of [1, 32]) {
    const latencies: number[] = [];
    const deadline = performance.now() + durationMs;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) latencies.push(await once());
      }),
    );
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(2);
    const target = concurrency === 1 ? `  (target: p99 under 10 ms)` : '';
    console.log(`  concurrency ${String(concurrency).padEnd(3)} p50 ${at(0.5)}  p99 ${at(0.99)}  max ${at(1)}  over ${latencies.length} pairs${target}`);
  }
  await server.stop();
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 202) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}
