-- 0035: the blocked units of an article at a warehouse, counted when stock is
-- promised (a blocked unit is never allocated): a small partial index.
CREATE INDEX units_blocked ON units(article_number, warehouse) WHERE blocked;
