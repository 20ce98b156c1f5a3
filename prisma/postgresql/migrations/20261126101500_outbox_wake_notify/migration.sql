-- Wake sip-workers the moment outbox rows are committed (PostgreSQL LISTEN/NOTIFY), whichever
-- process wrote them: the web's API and EAC, resync jobs, scripts, another worker's refresh
-- scheduler. One notification per statement (a 100,000-row resync is one), delivered at commit
-- and dropped on rollback, so a worker never wakes for a row it cannot see yet. The payload names
-- the outbox; workers LISTEN on "lamplighter_outbox" and keep polling as the fallback.
CREATE OR REPLACE FUNCTION lamplighter_outbox_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('lamplighter_outbox', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "MwiOutbox_wake" AFTER INSERT ON "MwiOutbox"
  FOR EACH STATEMENT EXECUTE FUNCTION lamplighter_outbox_notify();

CREATE TRIGGER "SmsOutbox_wake" AFTER INSERT ON "SmsOutbox"
  FOR EACH STATEMENT EXECUTE FUNCTION lamplighter_outbox_notify();
