/**
 * What the logs must never show, from the configuration: the admin token, and the password of
 * every server URL (MongoDB, PostgreSQL, EventStoreDB, Elasticsearch), wherever a driver's
 * error or a field would carry it.
 */
export function secretsOf(config: { readonly http: { readonly adminToken: string } }): string[] {
  const secrets = new Set<string>([config.http.adminToken]);
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const password of passwordsOf(value)) secrets.add(password);
    } else if (value && typeof value === 'object') {
      for (const child of Object.values(value)) visit(child);
    }
  };
  visit(config);
  return [...secrets].filter((secret) => secret.length > 0);
}

/** A URL's password, as written and decoded (`s%40fe`, `s@fe`). */
function passwordsOf(text: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return [];
  let user: string | undefined;
  let password: string | undefined;
  try {
    const url = new URL(text);
    [user, password] = [url.username, url.password];
  } catch {
    [, user, password] = /\/\/([^:/@]*):([^@/]+)@/.exec(text) ?? [];
  }
  // A password that is its user name (a development default: projectionist:projectionist) is
  // shown with every masked URL anyway; replacing it everywhere would only garble the lines.
  if (!password || password === user) return [];
  return [password, safelyDecoded(password)];
}

function safelyDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
