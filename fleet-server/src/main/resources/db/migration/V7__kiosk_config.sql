-- The fleet's config overlay per kiosk (docs/KIOSK-CONFIG.md): the kiosk.conf keys the server may
-- change, with the version the kiosk reports back once it applied them.
CREATE TABLE kiosk_config (
    kiosk_id          VARCHAR(64)   PRIMARY KEY,
    version           BIGINT        NOT NULL,
    -- JSON object, key -> value as text, e.g. {"kiosk.language":"en"}
    settings          VARCHAR(4000) NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by        VARCHAR(128)  NOT NULL
);

-- The desired state is built from the release and the overlay together: a config change republishes
-- the release the kiosk was told, so its manifest hash is kept with it.
ALTER TABLE kiosk_desired ADD COLUMN manifest_sha256 VARCHAR(64);
