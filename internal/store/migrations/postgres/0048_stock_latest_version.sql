-- 0048: an order finds its stock rows from the versions its connection last
-- wrote, not from the index. The index leads to the oldest version not yet
-- pruned, and while any snapshot is held (a billing copy, an export) nothing
-- is pruned: every order walked all the versions since, to read the rows and
-- again to lock them, each of the twelve under the locks of the rows before
-- it, and the orders behind waited for that. currtid2 follows the versions
-- from the one given to the newest committed: as many steps as the row has
-- had versions since this connection last changed it.
--
-- The version is kept per connection in a setting named after the row, a
-- hint: lost with a rolled-back transaction or a new connection. The row
-- found must be the row asked for (a pruned slot may hold another one), and a
-- hint beyond the table's end (the table shrank), or naming no slot, is not
-- followed: currtid2 refuses it. The callers lock the table first, to the commit, so that it
-- cannot shrink meanwhile. Without a usable hint a row is looked up by key,
-- as before.

CREATE FUNCTION stock_version_setting(w TEXT, art TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT 'hjalpmedel_stock.v' || md5(length(w) || ':' || w || art)
$$;

-- stock_version is the newest committed version of a stock row after the one
-- this connection last wrote (NULL: none to follow).
CREATE FUNCTION stock_version(w TEXT, art TEXT) RETURNS TID LANGUAGE plpgsql AS $$
DECLARE
    hint TID := NULLIF(current_setting(stock_version_setting(w, art), true), '')::TID;
BEGIN
    IF hint IS NULL OR (hint::TEXT::POINT)[1] < 1
        OR (hint::TEXT::POINT)[0] >= pg_relation_size('stock') / current_setting('block_size')::BIGINT THEN
        RETURN NULL;
    END IF;
    RETURN currtid2('stock', hint);
END $$;

-- stock_rows reads a warehouse's stock rows of the articles given, each as
-- the statement that reads it sees it.
CREATE FUNCTION stock_rows(w TEXT, arts TEXT[]) RETURNS SETOF stock LANGUAGE plpgsql AS $$
DECLARE
    i INT;
    version TID;
BEGIN
    PERFORM 1 FROM stock WHERE ctid = '(0,1)'::TID;
    FOR i IN 1 .. cardinality(arts) LOOP
        version := stock_version(w, arts[i]);
        IF version IS NOT NULL THEN
            RETURN QUERY SELECT * FROM stock WHERE ctid = version AND warehouse = w AND article_number = arts[i];
        END IF;
        IF version IS NULL OR NOT FOUND THEN
            RETURN QUERY SELECT * FROM stock WHERE warehouse = w AND article_number = arts[i];
        END IF;
    END LOOP;
END $$;

-- apply_stock_deltas as in 0047, each row found from its newest version, which
-- FOR NO KEY UPDATE follows to the one it locks if an order changes it meanwhile;
-- the version it writes is kept for the next.
CREATE OR REPLACE FUNCTION apply_stock_deltas(w TEXT, arts TEXT[], on_hand_deltas BIGINT[], reserved_deltas BIGINT[])
RETURNS SETOF TEXT LANGUAGE plpgsql AS $$
DECLARE
    i INT;
    version TID;
    row_id TID;
    have BIGINT;
    held BIGINT;
BEGIN
    PERFORM 1 FROM stock WHERE ctid = '(0,1)'::TID;
    FOR i IN 1 .. cardinality(arts) LOOP
        version := stock_version(w, arts[i]);
        row_id := NULL;
        IF version IS NOT NULL THEN
            SELECT ctid, on_hand, reserved INTO row_id, have, held FROM stock
                WHERE ctid = version AND warehouse = w AND article_number = arts[i] FOR NO KEY UPDATE;
        END IF;
        IF row_id IS NULL THEN
            SELECT ctid, on_hand, reserved INTO row_id, have, held FROM stock
                WHERE warehouse = w AND article_number = arts[i] FOR NO KEY UPDATE;
        END IF;
        IF row_id IS NOT NULL AND held + reserved_deltas[i] >= 0 AND have + on_hand_deltas[i] >= held + reserved_deltas[i] THEN
            UPDATE stock SET on_hand = on_hand + on_hand_deltas[i], reserved = reserved + reserved_deltas[i]
                WHERE ctid = row_id RETURNING ctid INTO row_id;
            PERFORM set_config(stock_version_setting(w, arts[i]), row_id::TEXT, false);
            RETURN NEXT arts[i];
        END IF;
    END LOOP;
END $$;
