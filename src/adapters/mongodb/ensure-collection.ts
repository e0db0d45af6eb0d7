import type { Db } from 'mongodb';

/**
 * Creates a collection unless it exists (NamespaceExists, code 48: another process may have
 * just created it). Collections are created ahead of any transaction that writes to them.
 */
export async function ensureCollection(db: Db, name: string): Promise<void> {
  try {
    await db.createCollection(name);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 48) throw error;
  }
}
