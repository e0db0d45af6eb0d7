import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-request.js';
import type { KnownEntities } from './known-entities.js';
import { mutatedToken } from './mutated-token.js';
import { pathSegment } from './path-segment.js';
import { percentEncode } from './percent-encode.js';
import { queryString, type QueryParameters } from './query-string.js';
import { requestBody, type BodyPart } from './request-body.js';
import { requestHeaders } from './request-headers.js';

type Json = Record<string, unknown>;

/** One route of the API: its valid path parameter, query parameters and body, from which the hostile ones are made. */
interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** The path as the README writes it; `:id` or `:name` is the one parameter. */
  readonly path: string;
  readonly parameter?: fc.Arbitrary<string>;
  readonly query?: QueryParameters;
  readonly body?: fc.Arbitrary<Json>;
}

const text = (min: number, max: number) => fc.string({ minLength: min, maxLength: max }).filter((s) => s.trim().length >= min);
const money = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.double({ min: 0, max: 1e9, noNaN: true }));
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const defined = (body: Json): Json => Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));

/** Every route of the README, with values each accepts. */
function routes(known: KnownEntities): Route[] {
  const pick = (values: readonly string[]) => fc.constantFrom(...values);
  const id = (values: readonly string[]) => fc.oneof({ arbitrary: pick(values), weight: 3 }, { arbitrary: fc.uuid(), weight: 1 });
  const consistency: QueryParameters = {
    consistentWith: fc.oneof({ arbitrary: pick(known.tokens), weight: 4 }, { arbitrary: mutatedToken(known.tokens), weight: 1 }),
    correlation: fc.oneof(pick(known.correlationIds), fc.uuid()),
    wait: fc.constantFrom('true', 'false'),
  };
  const stream: QueryParameters = { consistentWith: consistency.consistentWith!, correlation: consistency.correlation! };
  const page = { limit: fc.integer({ min: 1, max: 100 }).map(String), offset: fc.integer({ min: 0, max: 10_000 }).map(String) };
  const filters = {
    category: fc.oneof(fc.constantFrom('lighting', 'Lighting', 'books'), text(1, 20)),
    minPrice: fc.integer({ min: 0, max: 100 }).map(String),
    maxPrice: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }).map(String), fc.constant('12.5')),
    page: fc.integer({ min: 1, max: 10 }).map(String),
    pageSize: fc.integer({ min: 1, max: 100 }).map(String),
  };
  const item = fc.record({ productId: id(known.productIds), quantity: fc.integer({ min: 1, max: 10_000 }), unitPrice: money });
  const product = { name: text(1, 200), description: text(0, 300), price: money, category: fc.oneof(fc.constantFrom('Lighting', 'Books'), text(1, 100)) };
  const projection = fc.oneof({ arbitrary: pick(known.projections), weight: 4 }, { arbitrary: fc.constantFrom('NoSuchView', 'orderview', 'OrderView#1'), weight: 1 });
  return [
    { method: 'POST', path: '/api/customers', body: fc.record({ name: text(1, 200), email: fc.oneof(fc.emailAddress(), text(1, 50)) }) },
    { method: 'POST', path: '/api/orders', body: fc.record({ customerId: id(known.customerIds), items: fc.array(item, { maxLength: 5 }) }) },
    { method: 'POST', path: '/api/authors', body: fc.record({ name: text(1, 200), avatarUrl: optional(fc.webUrl()) }).map(defined) },
    {
      method: 'POST',
      path: '/api/articles',
      body: fc
        .record({
          authorId: id(known.authorIds),
          // Mostly long enough for the domain's rules (10 and 100 characters), sometimes not (422).
          title: fc.oneof({ arbitrary: text(10, 300), weight: 4 }, { arbitrary: text(1, 12), weight: 1 }),
          content: fc.oneof({ arbitrary: text(100, 400), weight: 4 }, { arbitrary: text(0, 120), weight: 1 }),
          tags: optional(fc.array(text(1, 50), { maxLength: 21 })),
        })
        .map(defined),
    },
    { method: 'POST', path: '/api/articles/:id/likes', parameter: pick(known.articleIds), body: fc.record({ userId: text(1, 100) }) },
    { method: 'POST', path: '/api/products', body: fc.record({ ...product, stock: optional(fc.integer({ min: 0, max: 1e9 })) }, { requiredKeys: ['name', 'price', 'category'] }) },
    { method: 'PATCH', path: '/api/products/:id', parameter: pick(known.productIds), body: fc.record(product, { requiredKeys: [] }) },
    { method: 'POST', path: '/api/products/:id/stock', parameter: pick(known.productIds), body: fc.record({ stock: fc.integer({ min: 0, max: 1e9 }) }) },
    { method: 'POST', path: '/api/products/:id/reviews', parameter: pick(known.productIds), body: fc.record({ userId: text(1, 100), rating: fc.integer({ min: 1, max: 5 }) }) },
    { method: 'GET', path: '/api/orders/:id', parameter: pick(known.orderIds), query: consistency },
    { method: 'GET', path: '/api/customers/:id/orders', parameter: pick(known.customerIds), query: { ...consistency, ...page } },
    { method: 'GET', path: '/api/articles', query: { ...consistency, ...page, tags: fc.array(fc.constantFrom('fuzz', 'news', 'x'), { maxLength: 3 }).map((tags) => tags.join(',')) } },
    { method: 'GET', path: '/api/articles/:id', parameter: pick(known.articleIds), query: consistency },
    { method: 'GET', path: '/api/authors/:id/stats', parameter: pick(known.authorIds), query: consistency },
    { method: 'GET', path: '/api/products', query: { ...consistency, ...filters } },
    { method: 'GET', path: '/api/products/:id', parameter: pick(known.productIds), query: consistency },
    { method: 'GET', path: '/api/products/search', query: { ...consistency, ...filters, q: fc.oneof(fc.constantFrom('lamp', 'lmap', 'fuzz lamp'), text(1, 30)) } },
    { method: 'GET', path: '/api/stream', query: stream },
    { method: 'GET', path: '/api/orders/:id/stream', parameter: pick(known.orderIds), query: stream },
    { method: 'GET', path: '/api/projections' },
    { method: 'GET', path: '/api/projections/:name', parameter: projection },
    { method: 'POST', path: '/api/projections/:name/rebuild', parameter: projection },
    { method: 'GET', path: '/api/projections/:name/parked', parameter: projection },
    { method: 'POST', path: '/api/projections/:name/parked/replay', parameter: projection, body: fc.record({ stream: fc.string({ maxLength: 50 }) }, { requiredKeys: [] }) },
    { method: 'GET', path: '/health' },
    { method: 'GET', path: '/ready' },
  ];
}

const OTHER_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'];

/** A request for one route that it should accept: its own method, valid parameters, valid JSON, the admin token where needed. */
function validRequest(route: Route, known: KnownEntities): fc.Arbitrary<Parts> {
  return fc.record({
    method: fc.constant(route.method),
    parameter: route.parameter ? route.parameter.map(percentEncode) : fc.constant(''),
    query: route.query ? queryString(route.query, false) : fc.constant(''),
    body: route.body ? route.body.map((body): BodyPart => ({ body: Buffer.from(JSON.stringify(body)), headers: { 'content-type': 'application/json' } })) : fc.constant<BodyPart>({ headers: {} }),
    headers: fc.constant<Record<string, string>>(route.path.includes('/projections/:name/') ? { authorization: `Bearer ${known.adminToken}` } : {}),
  });
}

/** A request for one route with any of its parts made hostile (each part is still often valid, so that the others are reached). */
function hostileRequest(route: Route, known: KnownEntities): fc.Arbitrary<Parts> {
  return fc.record({
    method: fc.oneof({ arbitrary: fc.constant(route.method), weight: 19 }, { arbitrary: fc.constantFrom(...OTHER_METHODS), weight: 1 }),
    parameter: route.parameter ? pathSegment(route.parameter) : fc.constant(''),
    query: route.query ? queryString(route.query) : fc.oneof({ arbitrary: fc.constant(''), weight: 3 }, { arbitrary: queryString({}), weight: 1 }),
    body: route.body ? requestBody(route.body) : fc.oneof({ arbitrary: fc.constant<BodyPart>({ headers: {} }), weight: 12 }, { arbitrary: requestBody(fc.constant({})), weight: 1 }),
    headers: fc.oneof(fc.constant({}), requestHeaders(known)),
  });
}

interface Parts {
  readonly method: string;
  readonly parameter: string;
  readonly query: string;
  readonly body: BodyPart;
  readonly headers: Readonly<Record<string, string>>;
}

function requestFor(route: Route, known: KnownEntities): fc.Arbitrary<FuzzRequest> {
  return fc
    .oneof({ arbitrary: validRequest(route, known), weight: 1 }, { arbitrary: hostileRequest(route, known), weight: 2 })
    .map((parts) => ({
      route: `${route.method} ${route.path}`,
      method: parts.method,
      path: `${route.path.replace(/:(id|name)/, parts.parameter)}${parts.query}`,
      headers: { ...parts.headers, ...parts.body.headers },
      ...(parts.body.body !== undefined ? { body: parts.body.body } : {}),
    }));
}

/** Requests for every route of the API, each route as likely as any other. */
export function httpRequests(known: KnownEntities): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...routes(known).map((route) => requestFor(route, known)));
}

/** The routes' names, as the tally lists them. */
export function routeNames(known: KnownEntities): string[] {
  return routes(known).map((route) => `${route.method} ${route.path}`);
}
