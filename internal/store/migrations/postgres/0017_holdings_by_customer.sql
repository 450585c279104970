-- 0017: Hjälpmedel by customer number lists every aid ordered under the care
-- unit (SPEC §3.3), also those it ordered for patients: holdings by customer.
CREATE INDEX holdings_ordering_customer ON holdings(customer_number, end_date);
