import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Runs `use` with the name of a fresh schema in the POSTGRES_URL database (nothing is created:
 * the store's migrations or the caller make it), and drops the schema afterwards, also when
 * `use` fails, so that runs leave nothing behind.
 */
export async function withScratchSchema<T>(url: string, prefix: string, use: (schema: string) => Promise<T>): Promise<T> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  try {
    return await use(schema);
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  }
}
