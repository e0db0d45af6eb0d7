import { expect } from 'chai';
import express, { type Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/api/create-app.js';
import { COMMAND_ROUTES } from '../../src/api/commands/command-table.js';
import { apiOperations } from '../../src/api/openapi/api-operations.js';
import type { Platform } from '../../src/composition/compose.js';
import { jsonSchemaErrors } from '../support/json-schema-errors.js';
import { testPlatform } from '../support/test-platform.js';

type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };
type Operation = { requestBody?: { content: Record<string, { schema: Record<string, unknown>; example?: unknown }> }; responses: Record<string, Response> };
type Response = { content?: Record<string, { schema: Record<string, unknown> }> };
interface Layer {
  readonly route?: { readonly path: unknown; readonly methods: Record<string, boolean> };
  readonly handle?: { readonly stack?: readonly Layer[] };
  readonly rawPath?: unknown;
}

/** `METHOD /path/:param` of every route the app mounts, found by walking Express 5's router stack. */
function mountedRoutes(app: Express): string[] {
  const walk = (stack: readonly Layer[], prefix: string): string[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        if (typeof layer.route.path !== 'string') throw new Error(`a route with a path that is not text: ${String(layer.route.path)}`);
        return Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${prefix}${layer.route!.path}`);
      }
      if (!layer.handle?.stack) return [];
      if (typeof layer.rawPath !== 'string') throw new Error(`a router mounted at a path that is not text: ${String(layer.rawPath)}`);
      return walk(layer.handle.stack, layer.rawPath === '/' ? prefix : `${prefix}${layer.rawPath}`);
    });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '').sort();
}

/** `METHOD /path/:param` of every operation of the document. */
function documentedRoutes(document: Document): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
    .sort();
}

const TOKEN = 'openapi-test-token';

describe('the OpenAPI document at /api/openapi.json', function () {
  this.timeout(30_000);
  let platform: Platform;
  let app: Express;
  let server: Server;
  let document: Document;
  const url = (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;

  before(async function () {
    platform = await testPlatform({ env: { ADMIN_TOKEN: TOKEN } });
    await platform.start();
    app = createApp(platform);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const response = await fetch(url('/api/openapi.json'));
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    document = (await response.json()) as Document;
  });
  after(async function () {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await platform.close();
  });

  it('is OpenAPI 3.1', function () {
    expect(document.openapi).to.equal('3.1.0');
  });

  it('documents every route the app mounts, and no route it does not mount', function () {
    const mounted = mountedRoutes(app);
    const documented = documentedRoutes(document);
    expect(mounted.filter((route) => !documented.includes(route)), 'mounted but not documented').to.deep.equal([]);
    expect(documented.filter((route) => !mounted.includes(route)), 'documented but not mounted').to.deep.equal([]);
    expect(mounted).to.include.members(['POST /api/customers', 'GET /api/orders/:id', 'POST /api/projections/:name/rebuild', 'GET /health']);
  });

  it('notices a route mounted without being documented', function () {
    const extra = express.Router();
    extra.get('/undocumented', (_req, res) => void res.end());
    app.use('/api', extra);
    try {
      expect(mountedRoutes(app).filter((route) => !documentedRoutes(document).includes(route))).to.deep.equal(['GET /api/undocumented']);
    } finally {
      (app as unknown as { router: { stack: Layer[] } }).router.stack.pop();
    }
  });

  it('gives every request body an example that fits the schema documented for it and the one the route checks', function () {
    const withBodies = apiOperations(COMMAND_ROUTES, platform.projections.map((projection) => projection.name)).filter((operation) => operation.body);
    expect(withBodies).to.have.length.greaterThan(COMMAND_ROUTES.length - 1);
    for (const operation of withBodies) {
      const documented = document.paths[operation.path.replace(/:(\w+)/g, '{$1}')]![operation.method]!.requestBody!.content['application/json']!;
      expect(documented.example, `${operation.method} ${operation.path}`).to.not.equal(undefined);
      expect(jsonSchemaErrors(documented.schema, documented.example, document), `${operation.method} ${operation.path}`).to.deep.equal([]);
      expect(() => operation.body!.schema.parse(documented.example, ''), `${operation.method} ${operation.path}`).to.not.throw();
    }
  });

  it('answers each documented example with the documented 2xx, in a body that fits its schema', async function () {
    // The command table is in dependency order: each example's ids name what an earlier one created.
    const ids: Record<string, string> = {};
    const post = async (method: string, path: string, example: unknown, headers: Record<string, string> = {}) => {
      const operation = document.paths[path]![method]!;
      const concrete = path.replace('{id}', () => ids[COMMAND_ROUTES.find((route) => `/api${route.path.replace(':id', '{id}')}` === path)!.answersWith]!).replace('{name}', 'OrderView');
      const body = typeof example === 'object' && example !== null ? Object.fromEntries(Object.entries(example).map(([key, value]) => [key, ids[key] ?? value])) : example;
      const response = await fetch(url(concrete), { method: method.toUpperCase(), headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const answer = (await response.json()) as Record<string, unknown>;
      const documented = operation.responses[String(response.status)]?.content?.['application/json'];
      expect(response.status, `${method} ${concrete}: ${JSON.stringify(answer)}`).to.be.within(200, 299);
      expect(documented, `${method} ${path} documents ${response.status}`).to.not.equal(undefined);
      expect(jsonSchemaErrors(documented!.schema, answer, document), `${method} ${path}`).to.deep.equal([]);
      return answer;
    };
    for (const route of COMMAND_ROUTES) {
      const path = `/api${route.path.replace(':id', '{id}')}`;
      const answer = await post(route.method, path, document.paths[path]![route.method]!.requestBody!.content['application/json']!.example);
      ids[route.answersWith] ??= String(answer[route.answersWith]);
    }
    const replay = '/api/projections/{name}/parked/replay';
    await post('post', replay, document.paths[replay]!.post!.requestBody!.content['application/json']!.example, { authorization: `Bearer ${TOKEN}` });
  });

  it('answers every error in application/problem+json, as documented', function () {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) >= 400) expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).to.deep.equal(['application/problem+json']);
        }
      }
    }
  });
});
