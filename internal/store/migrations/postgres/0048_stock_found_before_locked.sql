-- 0048: apply_stock_deltas finds all the rows it changes before it locks any.
-- A look-up by key walks every version of a row since the oldest snapshot
-- still held (a billing copy, an export), and the rows every order changes
-- have one version per order since. 0047 looked each row up as it locked it,
-- under the locks of the rows before it, and the orders behind waited for
-- those walks. Here one statement finds them, sorted, and only then locks
-- them in that order: a version changed meanwhile by an order that has
-- committed is followed to the newest, a step or two. The sort is what reads
-- them all first: PostgreSQL 15 plans LockRows over a Sort over the index scan
-- (seen with EXPLAIN, in a C-collated database too, as an index scan with
-- = ANY does not return its rows in order there). A planner that left the
-- sort out would lock each row as it found it, as 0047 did: as correct, and
-- as slow behind a held snapshot.
CREATE OR REPLACE FUNCTION apply_stock_deltas(w TEXT, arts TEXT[], on_hand_deltas BIGINT[], reserved_deltas BIGINT[])
RETURNS SETOF TEXT LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
    i INT;
BEGIN
    FOR r IN SELECT ctid AS row_id, article_number, on_hand, reserved FROM stock
            WHERE warehouse = w AND article_number = ANY(arts)
            ORDER BY article_number COLLATE "C" FOR NO KEY UPDATE LOOP
        i := array_position(arts, r.article_number);
        IF r.reserved + reserved_deltas[i] >= 0 AND r.on_hand + on_hand_deltas[i] >= r.reserved + reserved_deltas[i] THEN
            UPDATE stock SET on_hand = on_hand + on_hand_deltas[i], reserved = reserved + reserved_deltas[i]
                WHERE ctid = r.row_id;
            RETURN NEXT arts[i];
        END IF;
    END LOOP;
END $$;
