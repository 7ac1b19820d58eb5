-- Insure's PostgreSQL schema: the tables and query texts the Orleans 10.4.2 ADO.NET providers (clustering,
-- grain storage, reminders) look up, plus the project's own query tables. Applied at every start-up inside
-- one transaction under an advisory lock, so it is idempotent and safe when several processes start at once.
-- Names are unquoted (the providers read `orleansquery`, lower case).

CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64) PRIMARY KEY,
    querytext text        NOT NULL
);

-- Clustering ------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable (
    deploymentid varchar(150) PRIMARY KEY,
    changedat    timestamptz  NOT NULL DEFAULT now(),
    version      int          NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable (
    deploymentid varchar(150) NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address      varchar(45)  NOT NULL,
    port         int          NOT NULL,
    generation   int          NOT NULL,
    siloname     varchar(150) NOT NULL,
    hostname     varchar(150) NOT NULL,
    status       int          NOT NULL,
    proxyport    int          NOT NULL,
    suspecttimes text         NULL,
    starttime    timestamptz  NOT NULL,
    iamalivetime timestamptz  NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- Reminders -------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS orleansreminderstable (
    serviceid    varchar(150) NOT NULL,
    grainid      text         NOT NULL,
    remindername varchar(150) NOT NULL,
    starttime    timestamptz  NOT NULL,
    period       bigint       NOT NULL,
    grainhash    int          NOT NULL,
    version      int          NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);
CREATE INDEX IF NOT EXISTS orleansreminderstable_hash ON orleansreminderstable (serviceid, grainhash);

-- Grain storage ---------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS orleansstorage (
    grainidhash            int          NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          int          NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring text         NULL,
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,
    modifiedon             timestamptz  NOT NULL DEFAULT now(),
    version                int          NULL
);
-- Hashes can collide, so the natural key decides identity (PostgreSQL 15: NULLS NOT DISTINCT). The queries find a row
-- through the hashes' index: every string-keyed grain has n0 = n1 = 0, and the key compared with IS NOT DISTINCT FROM
-- cannot use the identity index, so that index alone would read every grain of the type (measured: a storage read's
-- mean went from 0.09 ms on an empty book to 2.9 ms after a few hundred binds).
CREATE UNIQUE INDEX IF NOT EXISTS orleansstorage_identity
    ON orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring) NULLS NOT DISTINCT;
CREATE INDEX IF NOT EXISTS orleansstorage_hash ON orleansstorage (grainidhash, graintypehash);

-- Insure's query store --------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS insure_records (
    kind       text        NOT NULL,
    tenant     text        NOT NULL,
    id         text        NOT NULL,
    created_at timestamptz NOT NULL,
    version    bigint      NOT NULL,
    tags       jsonb       NOT NULL DEFAULT '{}',
    doc        text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, tenant, id)
);
CREATE INDEX IF NOT EXISTS insure_records_newest ON insure_records (kind, tenant, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS insure_records_tags ON insure_records USING gin (tags jsonb_path_ops);
-- What a record adds to running totals ({"group","key","amounts":{name: number}}), kept while it stands.
ALTER TABLE insure_records ADD COLUMN IF NOT EXISTS contribution jsonb NULL;
-- Running totals per (group, tenant, key), such as a policy's claim counts and amounts; moved by insure_upsert_record.
CREATE TABLE IF NOT EXISTS insure_totals (
    grp    text    NOT NULL,
    tenant text    NOT NULL,
    key    text    NOT NULL,
    name   text    NOT NULL,
    amount numeric NOT NULL,
    PRIMARY KEY (grp, tenant, key, name)
);
-- Stores a record that contributes to totals, unless a newer version is stored, and moves the totals from the
-- replaced record's contribution to the new one's in the same transaction. The row lock (or the insert that wins)
-- orders concurrent writers of one record, so each moves the totals from what it actually replaced.
CREATE OR REPLACE FUNCTION insure_upsert_record(
    p_kind text, p_tenant text, p_id text, p_created_at timestamptz, p_version bigint, p_tags jsonb, p_doc text, p_contribution jsonb)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    stored_version bigint;
    before jsonb;
BEGIN
    LOOP
        SELECT version, contribution INTO stored_version, before
        FROM insure_records WHERE kind = p_kind AND tenant = p_tenant AND id = p_id FOR UPDATE;
        IF FOUND THEN
            IF stored_version > p_version THEN
                RETURN;
            END IF;
            UPDATE insure_records
            SET created_at = p_created_at, version = p_version, tags = p_tags, doc = p_doc, contribution = p_contribution, updated_at = now()
            WHERE kind = p_kind AND tenant = p_tenant AND id = p_id;
            EXIT;
        END IF;
        INSERT INTO insure_records (kind, tenant, id, created_at, version, tags, doc, contribution)
        VALUES (p_kind, p_tenant, p_id, p_created_at, p_version, p_tags, p_doc, p_contribution)
        ON CONFLICT (kind, tenant, id) DO NOTHING;
        IF FOUND THEN
            before := NULL;
            EXIT;
        END IF;
    END LOOP;
    -- In key order, so two writers moving the same totals cannot deadlock.
    INSERT INTO insure_totals AS t (grp, tenant, key, name, amount)
    SELECT grp, p_tenant, key, name, sum(amount)
    FROM (
        SELECT before->>'group' AS grp, before->>'key' AS key, a.key AS name, -(a.value::numeric) AS amount
        FROM jsonb_each_text(COALESCE(before->'amounts', '{}'::jsonb)) AS a
        UNION ALL
        SELECT p_contribution->>'group', p_contribution->>'key', a.key, a.value::numeric
        FROM jsonb_each_text(COALESCE(p_contribution->'amounts', '{}'::jsonb)) AS a
    ) AS moves
    GROUP BY grp, key, name
    ORDER BY grp, key, name
    ON CONFLICT (grp, tenant, key, name) DO UPDATE SET amount = t.amount + excluded.amount;
END
$fn$;
-- The event log: each event's position, from the id of the transaction that first inserted it (see
-- PostgresQueryStore.Upsert and ReadLog). Other records, and events stored before this column, have none.
ALTER TABLE insure_records ADD COLUMN IF NOT EXISTS log_seq bigint NULL;
CREATE INDEX IF NOT EXISTS insure_records_event_log ON insure_records (tenant, log_seq) WHERE log_seq IS NOT NULL;
-- Grain states and documents over about 2 kB are compressed when stored: with lz4 where the server has it (pglz, the
-- default, took about 5% of the server's CPU in the bind benchmark). Set once; values already stored keep theirs.
DO $$
DECLARE
    target record;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        FOR target IN
            SELECT a.attrelid::regclass AS relation, a.attname FROM pg_attribute a
            WHERE (a.attrelid, a.attname) IN (('orleansstorage'::regclass, 'payloadbinary'), ('insure_records'::regclass, 'doc'))
              AND a.attcompression IS DISTINCT FROM 'l'
        LOOP
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET COMPRESSION lz4', target.relation, target.attname);
        END LOOP;
    END IF;
END
$$;
-- Policies list by effective-date range.
CREATE INDEX IF NOT EXISTS insure_records_effective ON insure_records (tenant, (tags->>'effectiveDate') COLLATE "C")
    WHERE kind = 'policy';

-- Remembered idempotent responses: one row per (key holder, Idempotency-Key), deleted by one periodic sweep on
-- expires_at. Databases from before this table kept them as Orleans grain state with a reminder per key; that state
-- is dropped once, when the table is first created (those keys then run again if retried).
DO $$
BEGIN
    IF to_regclass('insure_idempotency') IS NULL THEN
        DELETE FROM orleansreminderstable WHERE remindername = 'expire' AND grainid LIKE 'idempotency/%';
        DELETE FROM orleansstorage WHERE graintypestring = 'idempotency';
    END IF;
END
$$;
CREATE TABLE IF NOT EXISTS insure_idempotency (
    key          text        PRIMARY KEY,
    fingerprint  text        NOT NULL,
    status_code  int         NOT NULL,
    content_type text        NULL,
    body         bytea       NOT NULL,
    location     text        NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS insure_idempotency_expiry ON insure_idempotency (expires_at);
-- The id that anchors the ids a request creates, kept so a retry of an uncertain request (status_code 0) reuses it.
ALTER TABLE insure_idempotency ADD COLUMN IF NOT EXISTS anchor text NULL;

-- Server secrets every Api node must share (the API key signing secret), generated by the first node to need one.
CREATE TABLE IF NOT EXISTS insure_secrets (
    name       text        PRIMARY KEY,
    value      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Query texts: replaced on every start so a new build's text wins. --------------------------------------------
-- Every nullable parameter is cast, so a NULL sent without a type still compares with the right type.
INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING RETURNING 1)
SELECT count(*) FROM created
$q$),
('MembershipReadAllKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId
$q$),
('MembershipReadRowKey', $q$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m
       ON m.deploymentid = v.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId
$q$),
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleansmembershipversiontable SET version = version + 1, changedat = now()
    WHERE deploymentid = @DeploymentId AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM orleansmembershiptable
                      WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deploymentid),
inserted AS (
    INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    SELECT deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM bumped
    RETURNING 1)
SELECT count(*) FROM inserted
$q$),
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleansmembershipversiontable SET version = version + 1, changedat = now()
    WHERE deploymentid = @DeploymentId AND version = @Version
      AND EXISTS (SELECT 1 FROM orleansmembershiptable
                  WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deploymentid),
updated AS (
    UPDATE orleansmembershiptable m
    SET status = @Status, suspecttimes = CAST(@SuspectTimes AS text), iamalivetime = @IAmAliveTime
    FROM bumped
    WHERE m.deploymentid = bumped.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1)
SELECT count(*) FROM updated
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE orleansmembershiptable SET iamalivetime = GREATEST(iamalivetime, @IAmAliveTime)
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),
('GatewaysQueryKey', $q$
SELECT address, proxyport, generation FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId
$q$),
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = 6 AND iamalivetime < @IAmAliveTime
$q$),
('UpsertReminderRowKey', $q$
INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
SET starttime = excluded.starttime, period = excluded.period, grainhash = excluded.grainhash,
    version = orleansreminderstable.version + 1
RETURNING version
$q$),
('ReadReminderRowsKey', $q$
SELECT grainid, remindername, starttime, period, version FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId
$q$),
('ReadReminderRowKey', $q$
SELECT grainid, remindername, starttime, period, version FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
$q$),
('ReadRangeRows1Key', $q$
SELECT grainid, remindername, starttime, period, version FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash
$q$),
('ReadRangeRows2Key', $q$
SELECT grainid, remindername, starttime, period, version FROM orleansreminderstable
WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash)
$q$),
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
    RETURNING 1)
SELECT count(*) FROM deleted
$q$),
('DeleteReminderRowsKey', $q$
DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId
$q$),
('ReadFromStorageKey', $q$
SELECT payloadbinary, version FROM orleansstorage
WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString
  AND grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND grainidextensionstring IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS text)
$q$),
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleansstorage SET payloadbinary = @PayloadBinary, version = version + 1, modifiedon = now()
    WHERE CAST(@GrainStateVersion AS int) IS NOT NULL
      AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
      AND grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND grainidextensionstring IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS text)
      AND version = CAST(@GrainStateVersion AS int)
    RETURNING version),
inserted AS (
    INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                grainidextensionstring, serviceid, payloadbinary, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           CAST(@GrainIdExtensionString AS text), @ServiceId, @PayloadBinary, 1
    WHERE CAST(@GrainStateVersion AS int) IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT version AS newgrainstateversion FROM updated
UNION ALL
SELECT version FROM inserted
$q$),
('ClearStorageKey', $q$
WITH updated AS (
    UPDATE orleansstorage SET payloadbinary = NULL, version = version + 1, modifiedon = now()
    WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString
      AND grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND grainidextensionstring IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS text)
      AND version = CAST(@GrainStateVersion AS int)
    RETURNING version)
SELECT version FROM updated
UNION ALL
SELECT 1 WHERE CAST(@GrainStateVersion AS int) IS NULL
$q$),
('DeleteStorageKey', $q$
WITH deleted AS (
    DELETE FROM orleansstorage
    WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString
      AND grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND grainidextensionstring IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS text)
      AND version = CAST(@GrainStateVersion AS int)
    RETURNING version)
SELECT version + 1 FROM deleted
UNION ALL
SELECT 1 WHERE CAST(@GrainStateVersion AS int) IS NULL
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Blobs (claim attachments) when no Insure:Blobs:Directory is configured: every node on the database serves them.
CREATE TABLE IF NOT EXISTS insure_blobs (
    tenant text NOT NULL,
    id text NOT NULL,
    content_type text NOT NULL,
    size bigint NOT NULL,
    sha256 text NOT NULL,
    content bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, id)
);
