-- 0004: service flows. A holding's pickup items, so that Återlämnade hjälpmedel finds
-- why a holding came back (the reason of the pickup order that received it) and the
-- Hämtorder form finds whether a holding is already on an open pickup order, by index.
CREATE INDEX pickup_items_holding ON pickup_items(holding_id, status);
