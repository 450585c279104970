-- 0047: apply_stock_deltas changes an order's or a delivery's stock rows of a
-- warehouse, each looked up once. The rows every order changes have as many
-- versions as orders since the oldest snapshot still held, and a look-up by
-- key walks them all: the statement it replaces looked each row up twice (to
-- lock it in article order, then to change it). Each row is locked in the
-- order given (the caller sorts), changed by the tid of the version it locked
-- (the UPDATE's snapshot is newer than the lock, so it sees that version) if
-- it stays whole, and its article returned. A row it does not change stays
-- locked to the commit, as before.
CREATE FUNCTION apply_stock_deltas(w TEXT, arts TEXT[], on_hand_deltas BIGINT[], reserved_deltas BIGINT[])
RETURNS SETOF TEXT LANGUAGE plpgsql AS $$
DECLARE
    i INT;
    row_id TID;
    have BIGINT;
    held BIGINT;
BEGIN
    FOR i IN 1 .. cardinality(arts) LOOP
        SELECT ctid, on_hand, reserved INTO row_id, have, held FROM stock
            WHERE warehouse = w AND article_number = arts[i] FOR NO KEY UPDATE;
        IF FOUND AND held + reserved_deltas[i] >= 0 AND have + on_hand_deltas[i] >= held + reserved_deltas[i] THEN
            UPDATE stock SET on_hand = on_hand + on_hand_deltas[i], reserved = reserved + reserved_deltas[i]
                WHERE ctid = row_id;
            RETURN NEXT arts[i];
        END IF;
    END LOOP;
END $$;
