import autocannon from 'autocannon';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printTable, ratio } from '../support/report.js';
import { scratch } from '../support/scratch.js';
import { ServerProcess } from './server-process.js';

const CONNECTIONS = 32;

/**
 * Query throughput: GET /api/products/:id on the platform (reading the document from the
 * embedded read model each time) against a bare Express route answering the same JSON. Each
 * server runs alone in its own process; autocannon drives it from this one. Measured twice
 * each, alternating, and the better run of each kept.
 */
export async function queriesBenchmark(durationMs: number): Promise<void> {
  const dataDir = scratch('queries');
  const platform = await ServerProcess.start('projectionist', dataDir);
  const created = await post(`${platform.url}/api/products`, { name: 'Mechanical keyboard', description: 'Brown switches, full size, aluminium case', price: 89.5, category: 'input', stock: 12 });
  const path = `/api/products/${created.productId as string}`;
  const product = await (await fetch(`${platform.url}${path}?consistentWith=${created.token as string}&wait=true`)).json();
  await platform.stop();
  const jsonFile = join(dataDir, 'product.json');
  writeFileSync(jsonFile, JSON.stringify(product));

  const results = { projectionist: 0, bare: 0 };
  for (let round = 0; round < 2; round += 1) {
    for (const mode of ['projectionist', 'bare'] as const) {
      const server = await ServerProcess.start(mode, mode === 'bare' ? jsonFile : dataDir);
      const run = await autocannon({ url: `${server.url}${path}`, connections: CONNECTIONS, duration: durationMs / 1000 });
      if (run.non2xx > 0 || run.errors > 0) throw new Error(`${mode}: ${run.non2xx} non-2xx answers, ${run.errors} errors`);
      results[mode] = Math.max(results[mode], run.requests.average);
      await server.stop();
    }
  }
  printTable(`Queries: GET /api/products/:id, ${CONNECTIONS} connections (autocannon)`, [
    { label: 'projectionist (reads the read model)', perSecond: results.projectionist, unit: 'requests/s', note: `${ratio(results.projectionist, results.bare)} the bare route (target 0.7x)` },
    { label: 'bare Express route, same JSON', perSecond: results.bare, unit: 'requests/s' },
  ]);
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}
