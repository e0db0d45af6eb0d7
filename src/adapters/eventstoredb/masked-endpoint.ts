/**
 * A connection string fit for a log line or an error message: the password (and a bearer token
 * given as userinfo) replaced by `***`, the query kept, since `tls=false` often explains a failure.
 */
export function maskedEndpoint(connectionString: string): string {
  return connectionString.replace(/^([a-z+]+:\/\/)([^@/?#]*)@/i, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return `${scheme}${colon < 0 ? '***' : `${userinfo.slice(0, colon)}:***`}@`;
  });
}
