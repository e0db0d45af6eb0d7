import type { Document } from 'mongodb';

/** What the server behind a connection can do, as far as the read-model adapters care. */
export interface ServerFeatures {
  /** Multi-document transactions: a replica set member or a mongos, with sessions. */
  readonly transactions: boolean;
  /** Change streams: the same servers (they read the oplog). FerretDB and a standalone mongod have neither. */
  readonly changeStreams: boolean;
  /**
   * A conditional update (`{ _id, pos: { $lt } }`) is atomic, as on MongoDB. FerretDB 1.24
   * reads and writes apart, so two can both match, and it serves only a bare `{ _id }` filter
   * from its index (any other filter scans the collection).
   */
  readonly atomicUpdates: boolean;
  /**
   * Updates sent in one command. FerretDB 1.24 holds a pooled connection per update until the
   * command ends (plus one for each update's write), and a database's pool has 100: commands
   * holding 100 between them hang it for good. A process sends one such command at a time
   * (chunkedBulkWrite); 20 leaves room for four processes writing to one database at once.
   */
  readonly updatesPerCommand: number;
  /** For status pages: "replica set", "sharded cluster" or "standalone server" (FerretDB presents itself as one). */
  readonly topology: string;
}

const FERRETDB_UPDATES_PER_COMMAND = 20;

/**
 * Reads the features off the `hello` and `buildInfo` replies. Sessions
 * (`logicalSessionTimeoutMinutes`) are not enough for transactions: FerretDB and a standalone
 * mongod report them too, but refuse transactions. Only a replica set member (`setName`) or a
 * mongos (`msg: 'isdbgrid'`) runs them and change streams. FerretDB adds `ferretdbVersion` to
 * `buildInfo`.
 */
export function serverFeaturesOf(hello: Document, buildInfo: Document = {}): ServerFeatures {
  const sessions = hello.logicalSessionTimeoutMinutes !== undefined && hello.logicalSessionTimeoutMinutes !== null;
  const setName = typeof hello.setName === 'string' ? hello.setName : undefined;
  const mongos = hello.msg === 'isdbgrid';
  const replicated = sessions && (setName !== undefined || mongos);
  const ferretdb = buildInfo.ferretdbVersion !== undefined;
  return {
    transactions: replicated,
    changeStreams: replicated,
    atomicUpdates: !ferretdb,
    updatesPerCommand: ferretdb ? FERRETDB_UPDATES_PER_COMMAND : Number.POSITIVE_INFINITY,
    topology: mongos ? 'sharded cluster' : setName !== undefined ? 'replica set' : 'standalone server',
  };
}
