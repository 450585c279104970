-- 0038: compatibility of components and accessory suggestions (SPEC §10.11).

-- An article's fit data: the side a component is mounted on, and a size (a main
-- aid's own, e.g. seat width 40; a component's, the sizes it fits: 38-42, S, M).
ALTER TABLE articles ADD COLUMN fit_side TEXT NOT NULL DEFAULT '' CHECK (fit_side IN ('', 'left', 'right', 'both'));
ALTER TABLE articles ADD COLUMN size TEXT NOT NULL DEFAULT '';

-- The main articles a component fits; none: any.
CREATE TABLE article_fits (
    article_number TEXT NOT NULL REFERENCES articles(number) ON DELETE CASCADE,
    main_article   TEXT NOT NULL REFERENCES articles(number),
    PRIMARY KEY (article_number, main_article)
);

-- How often an accessory was ordered with a main article, per month of the
-- order's registration (UTC, YYYY-MM). Kept by the order path in the order's own
-- transaction; a suggestion sums the last 24 months of one main article with
-- one index range scan.
CREATE TABLE accessory_pairs (
    main_article      TEXT NOT NULL,
    month             TEXT NOT NULL,
    accessory_article TEXT NOT NULL,
    count             INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (main_article, month, accessory_article)
);

-- The orders placed so far: the accessories chosen for a main line (not its base
-- configuration) and the components ordered alone for a unit (Kompl. individ).
INSERT INTO accessory_pairs (main_article, month, accessory_article, count)
SELECT main_article, month, accessory_article, COUNT(*) FROM (
    SELECT m.article_number AS main_article, substr(o.registered_at, 1, 7) AS month, c.article_number AS accessory_article
    FROM order_lines c JOIN order_lines m ON m.id = c.parent_line_id JOIN orders o ON o.id = c.order_id
    WHERE c.from_base_config = FALSE AND o.registered_at IS NOT NULL
    UNION ALL
    SELECT u.article_number, substr(o.registered_at, 1, 7), l.article_number
    FROM order_lines l JOIN units u ON u.number = l.complement_unit JOIN orders o ON o.id = l.order_id
    WHERE l.parent_line_id IS NULL AND o.registered_at IS NOT NULL
) p GROUP BY main_article, month, accessory_article;
