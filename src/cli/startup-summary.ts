import { maskUrl } from '../composition/mask-url.js';
import { join, resolve } from 'node:path';
import type { Config } from '../composition/config-schema.js';

/** What a start says: where to open the API, the engines in use and where each keeps its data, the projections. */
export interface StartupSummary {
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '']);

/**
 * The start's one line. Listening on every interface, the URL shown is the loopback one (a
 * browser cannot open 0.0.0.0); listening on the loopback only, it says how to open it up.
 */
export function startupSummary(config: Config, api: { readonly host: string; readonly port: number } | undefined, projections: readonly string[]): StartupSummary {
  const url = api && `http://${urlHost(api.host)}:${api.port}`;
  const reach = api && (ALL_INTERFACES.has(api.host) ? 'on every interface' : isLoopback(api.host) ? 'on this machine only; HOST=0.0.0.0 opens it to the network' : `on ${api.host}`);
  const data = dataLocations(config);
  const engines = `event store: ${data.eventStore}, documents: ${data.documents}, search: ${data.search}`;
  const parts = [url ? `API on ${url} (${reach})` : '', `${projections.length} projections (${projections.join(', ')})`].filter(Boolean);
  return {
    message: `Projectionist running: ${parts.join(', ')}; ${engines}`,
    fields: { ...(url ? { url, host: api.host, port: api.port } : {}), projections, data },
  };
}

function urlHost(host: string): string {
  if (ALL_INTERFACES.has(host)) return host === '::' ? '[::1]' : '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Each engine and where its data lives: a file, or a server (its URL without password). */
function dataLocations(config: Config): { eventStore: string; documents: string; search: string } {
  const file = (configured: string, name: string) => resolve(configured || join(config.dataDir, name));
  const readModelsFile = file(config.readModels.sqlite.file, 'read-models.db');
  const store = config.eventStore as { adapter: string; sqlite: { file: string }; postgres?: { url: string }; eventstoredb?: { url: string } };
  const eventStore =
    store.adapter === 'sqlite' ? `sqlite ${file(store.sqlite.file, 'events.db')}`
    : store.adapter === 'postgres' ? `postgres ${maskUrl(store.postgres?.url ?? '')}`
    : store.adapter === 'eventstoredb' ? `eventstoredb ${maskUrl(store.eventstoredb?.url ?? '')}`
    : store.adapter;
  const documents = config.readModels.documents === 'sqlite' ? `sqlite ${readModelsFile}` : `mongodb ${maskUrl(config.mongodb.url)} database ${config.mongodb.database}`;
  const search = config.readModels.search === 'sqlite' ? `sqlite ${readModelsFile}` : `elasticsearch ${maskUrl(config.elasticsearch.url)} indexes ${config.elasticsearch.prefix}*`;
  return { eventStore, documents, search };
}
