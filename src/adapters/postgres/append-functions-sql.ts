/**
 * Appends run on the server, a batch per call: `pj_append_batch` takes the appends that
 * arrived together (see PostgresGroupCommit) and runs each in its own subtransaction (a
 * PL/pgSQL exception block), so one that fails rolls back alone and reports why, and the
 * others commit together: one round trip and one WAL flush for the whole batch.
 *
 * One append (`pj_append_one`), after locking its stream's row:
 * - EventStoreDB's idempotency: when the first event's id is already in the stream, the append
 *   is a repeat if every id matches the stored events from there on, at a place the expected
 *   revision allows; it then returns the stored place and writes nothing. Otherwise the
 *   expectation fails (`PJ001`, the actual revision as message).
 * - The expected revision is checked under the row lock, so racing appends serialise on it.
 * - The idempotency key is taken in the same subtransaction; a live one fails it (`PJ002`).
 * Event data and metadata arrive as JSON text and are cast here, inside the subtransaction:
 * text JSONB refuses (a NUL character, a lone surrogate) fails its own append only.
 */
export const APPEND_FUNCTIONS_SQL = `
CREATE FUNCTION pj_append_one(a jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  s text := a ->> 's';
  x text := a ->> 'x';
  evs jsonb := a -> 'e';
  n integer := jsonb_array_length(a -> 'e');
  k jsonb := a -> 'k';
  cur bigint;
  start_rev bigint;
  same_ids boolean;
  last_tx xid8;
  last_pos bigint;
  taken integer;
BEGIN
  INSERT INTO streams (name, last_revision) VALUES (s, -1) ON CONFLICT (name) DO NOTHING;
  SELECT last_revision INTO cur FROM streams WHERE name = s FOR UPDATE;
  IF (a ->> 'g')::boolean THEN
    SELECT revision INTO start_rev FROM events WHERE stream = s AND event_id = (evs -> 0 ->> 'i')::uuid;
    IF FOUND THEN
      SELECT coalesce(array_agg(t.event_id ORDER BY t.revision), '{}') = ARRAY(
               SELECT (e.v ->> 'i')::uuid FROM jsonb_array_elements(evs) WITH ORDINALITY e(v, ord) ORDER BY e.ord)
        INTO same_ids
        FROM (SELECT event_id, revision FROM events WHERE stream = s AND revision >= start_rev ORDER BY revision LIMIT n) t;
      IF NOT same_ids OR NOT (x IN ('any', 'stream_exists') OR (x = 'no_stream' AND start_rev = 0)
                              OR (x ~ '^[0-9]+$' AND start_rev = x::numeric + 1)) THEN
        RAISE EXCEPTION USING ERRCODE = 'PJ001', MESSAGE = CASE WHEN cur < 0 THEN 'no_stream' ELSE cur::text END;
      END IF;
      SELECT tx_id, position INTO last_tx, last_pos FROM events WHERE stream = s AND revision = start_rev + n - 1;
      RETURN jsonb_build_object('next', (start_rev + n - 1)::text, 'tx', last_tx::text, 'pos', last_pos::text);
    END IF;
  END IF;
  IF NOT (x = 'any' OR (x = 'no_stream' AND cur < 0) OR (x = 'stream_exists' AND cur >= 0)
          OR (x ~ '^[0-9]+$' AND cur = x::numeric)) THEN
    RAISE EXCEPTION USING ERRCODE = 'PJ001', MESSAGE = CASE WHEN cur < 0 THEN 'no_stream' ELSE cur::text END;
  END IF;
  WITH inserted AS (
    INSERT INTO events (stream, revision, event_id, type, data, metadata, created)
    SELECT s, cur + e.ord, (e.v ->> 'i')::uuid, e.v ->> 't', (e.v ->> 'd')::jsonb, (e.v ->> 'm')::jsonb,
           to_timestamp((a ->> 'now')::double precision / 1000)
      FROM jsonb_array_elements(evs) WITH ORDINALITY e(v, ord) ORDER BY e.ord
    RETURNING position)
  SELECT max(position) INTO last_pos FROM inserted;
  UPDATE streams SET last_revision = cur + n WHERE name = s;
  IF k IS NOT NULL AND jsonb_typeof(k) = 'object' THEN
    INSERT INTO idempotency_keys AS o (key, fingerprint, outcome, stream, tx_id, position, event_types, expires)
    VALUES (k ->> 'key', k ->> 'fp', (k ->> 'out')::json, s, pg_current_xact_id(), last_pos, (k -> 'types')::json, (k ->> 'exp')::bigint)
    ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, outcome = excluded.outcome, stream = excluded.stream,
      tx_id = excluded.tx_id, position = excluded.position, event_types = excluded.event_types, expires = excluded.expires
    WHERE o.expires <= (a ->> 'now')::bigint;
    GET DIAGNOSTICS taken = ROW_COUNT;
    IF taken = 0 THEN
      RAISE EXCEPTION USING ERRCODE = 'PJ002', MESSAGE = k ->> 'key';
    END IF;
  END IF;
  RETURN jsonb_build_object('next', (cur + n)::text, 'tx', pg_current_xact_id()::text, 'pos', last_pos::text);
END
$fn$;

CREATE FUNCTION pj_append_batch(batch jsonb, channel text) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  a jsonb;
  r jsonb;
  results jsonb := '[]';
  written boolean := false;
  msg text;
  state text;
  constraint_name text;
BEGIN
  FOR a IN SELECT value FROM jsonb_array_elements(batch) LOOP
    BEGIN
      r := pj_append_one(a);
      written := true;
    EXCEPTION
      WHEN SQLSTATE 'PJ001' THEN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
        r := jsonb_build_object('error', 'wrong_expected_revision', 'actual', msg);
      WHEN SQLSTATE 'PJ002' THEN
        r := jsonb_build_object('error', 'idempotency_key_in_use');
      WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, state = RETURNED_SQLSTATE, constraint_name = CONSTRAINT_NAME;
        r := jsonb_build_object('error', 'failed', 'sqlstate', state, 'message', msg, 'constraint', constraint_name);
    END;
    results := results || jsonb_build_array(r);
  END LOOP;
  IF written THEN
    PERFORM pg_notify(channel, '');
  END IF;
  RETURN results;
END
$fn$;
`;
