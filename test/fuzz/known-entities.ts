/** Entities that exist before fuzzing starts, so that valid requests can name them and reach the handlers behind validation. */
export interface KnownEntities {
  readonly customerIds: readonly string[];
  readonly authorIds: readonly string[];
  readonly articleIds: readonly string[];
  readonly productIds: readonly string[];
  readonly orderIds: readonly string[];
  /** Consistency tokens of those writes, in whatever format the API issues them. */
  readonly tokens: readonly string[];
  readonly correlationIds: readonly string[];
  readonly projections: readonly string[];
  readonly adminToken: string;
}

/** Writes one of each entity through the API itself, and learns the projections' names from it. */
export async function createKnownEntities(baseUrl: string, adminToken: string): Promise<KnownEntities> {
  const tokens: string[] = [];
  const correlationIds: string[] = [];
  const write = async (path: string, body: object, idKey: string): Promise<string> => {
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status !== 202 || typeof answer[idKey] !== 'string') {
      throw new Error(`the fuzzer could not set up: POST ${path} answered ${response.status} ${JSON.stringify(answer)}`);
    }
    if (typeof answer.token === 'string') tokens.push(answer.token);
    if (typeof answer.correlationId === 'string') correlationIds.push(answer.correlationId);
    return answer[idKey] as string;
  };
  const customerId = await write('/api/customers', { name: 'Fuzz Customer', email: 'fuzz@example.com' }, 'customerId');
  const authorId = await write('/api/authors', { name: 'Fuzz Author', avatarUrl: 'https://example.com/a.png' }, 'authorId');
  const articleId = await write('/api/articles', { authorId, title: 'A title long enough', content: 'c'.repeat(120), tags: ['fuzz', 'news'] }, 'articleId');
  const productId = await write('/api/products', { name: 'Fuzz Lamp', description: 'A lamp', price: 12.5, category: 'Lighting', stock: 3 }, 'productId');
  const orderId = await write('/api/orders', { customerId, items: [{ productId, quantity: 2, unitPrice: 12.5 }] }, 'orderId');
  const listed = (await (await fetch(`${baseUrl}/api/projections`)).json()) as { projections?: { projection?: unknown }[] };
  const projections = [...new Set((listed.projections ?? []).map((p) => p.projection).filter((name): name is string => typeof name === 'string'))];
  if (projections.length === 0) throw new Error('the fuzzer could not set up: GET /api/projections named no projection');
  return { customerIds: [customerId], authorIds: [authorId], articleIds: [articleId], productIds: [productId], orderIds: [orderId], tokens, correlationIds, projections, adminToken };
}
