-- 0021: the finance export (SPEC §10.8). How the centre's billing is booked in
-- the region's finance system: organisation, voucher series, and the accounts
-- a month's lines go to (rent and components; purchases and spare parts; återköp
-- credits and corrections; the payers' receivable). One row, changed by the
-- admin. The organisation number is empty until the admin enters it: no SIE
-- file without it.
CREATE TABLE billing_settings (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    org_number         TEXT NOT NULL DEFAULT '',
    company_name       TEXT NOT NULL,
    series             TEXT NOT NULL,
    receivable_account TEXT NOT NULL,
    receivable_name    TEXT NOT NULL,
    rent_account       TEXT NOT NULL,
    rent_name          TEXT NOT NULL,
    sale_account       TEXT NOT NULL,
    sale_name          TEXT NOT NULL,
    credit_account     TEXT NOT NULL,
    credit_name        TEXT NOT NULL
);
INSERT INTO billing_settings (id, company_name, series, receivable_account, receivable_name, rent_account, rent_name,
    sale_account, sale_name, credit_account, credit_name)
    VALUES (1, 'Hjälpmedelscentralen', 'F', '1510', 'Kundfordringar', '3910', 'Hyresintäkter hjälpmedel',
    '3050', 'Försäljning hjälpmedel', '3099', 'Krediteringar och rättelser');

-- A payer's cost centre (kostnadsställe, SIE dimension 1); none: its number.
CREATE TABLE payer_cost_centres (
    payer_number TEXT PRIMARY KEY REFERENCES payers(number),
    cost_centre  TEXT NOT NULL
);
