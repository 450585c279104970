// Package repo declares what the services need from storage, in the domain's
// types: Queries, the reads and writes of one transaction (or of the read pool),
// and Store, which runs them. internal/store implements it on SQLite and
// PostgreSQL (store.DB.Repo); internal/service and internal/web see only this
// package, so no SQL and no database handle reaches them.
//
// A new query is written in store as a method of *store.Q and added here when a
// service needs it; store's compile-time check keeps the two in step.
package repo

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hjalpmedel/internal/domain"
)

// Store runs queries: Read on the reader pool, Transact as one transaction on
// the writer (retried on a serialisation failure, so fn must not have effects
// outside the transaction).
type Store interface {
	Read() Queries
	// Snapshot runs fn on a read-only transaction: every query of fn sees the
	// database as of one moment. Long jobs compute from it and write in short
	// transactions of their own.
	Snapshot(ctx context.Context, fn func(q Queries) error) error
	// SnapshotThen runs within on one moment's billing inputs and then after
	// on the same connection: what within kept (KeepBillingHoldings) after
	// reads. On SQLite both run in one snapshot; on PostgreSQL within runs
	// while no write dated in an ended month can commit, and after once such
	// writes are let through again.
	SnapshotThen(ctx context.Context, within, after func(q Queries) error) error
	Transact(ctx context.Context, fn func(q Queries) error) error
	// NextDocNumber takes the next document number of kind inside q's transaction.
	NextDocNumber(ctx context.Context, q Queries, kind domain.DocKind, now time.Time) (string, error)
	// NextOrderNumber takes an order's number for q's transaction and, where
	// the database gives them ahead, the ids of the order and its lines
	// (for CreateOrderWithLines); the func it returns gives them. Where the
	// number is taken apart from q (PostgreSQL) it is taken at once, while
	// the action goes on in q.
	NextOrderNumber(ctx context.Context, q Queries, now time.Time, lines int) func() (string, OrderIDs, error)
	// AppendAuditAlone writes a stand-alone audit entry (a look-up's) and returns
	// once it is committed, in as few round trips as the database allows.
	AppendAuditAlone(ctx context.Context, e domain.AuditEntry) error
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// OneWriter reports whether write transactions run one at a time
	// (SQLite), so that every request's action waits for a long job's write.
	OneWriter() bool
	// Collector reports the connection pools and statement caches to Prometheus.
	Collector() prometheus.Collector
}

// OrderIDs are the ids an order's row and lines will have, taken ahead of
// their writing (Store.NextOrderNumber); zero where the database gives them
// as the rows are inserted.
type OrderIDs struct {
	Order int64
	Lines []int64 // ascending: the main lines' first, in position order, then their components'
}

// Queries are the named queries of the store, one method each.
type Queries interface {
	// ActivePayerName is the name of an active payer; ok is false when no active payer has the number.
	ActivePayerName(ctx context.Context, number string) (name string, ok bool, err error)
	// AddAccessoryPairs adds to the counts of accessories ordered with main articles (SPEC §10.11).
	AddAccessoryPairs(ctx context.Context, pairs []domain.AccessoryPair) error
	// AddAttachment stores a file on a document and returns its id.
	AddAttachment(ctx context.Context, f domain.Attachment) (int64, error)
	// AddDeviationEvent writes one line of a deviation's history.
	AddDeviationEvent(ctx context.Context, id int64, e domain.DeviationEvent) error
	// AddPurchaseReceipt records what a receipt brought of a purchase-order line and the units it created.
	AddPurchaseReceipt(ctx context.Context, orderID, lineID int64, quantity int, units []string, username string, now time.Time) error
	// AddStockMovements writes many journal rows in one statement.
	AddStockMovements(ctx context.Context, ms []domain.JournalRow, now time.Time) error
	// AddTransferUnitEvent writes a line of a unit's history.
	AddTransferUnitEvent(ctx context.Context, unit string, at time.Time, kind, text, reference, username string) error
	// AddUnitEvent appends to a unit's history.
	AddUnitEvent(ctx context.Context, unit, kind, text, ref, username string, now time.Time) error
	// AddWorkOrderNote appends a line of the history (kind note, priority, returned or corrected).
	AddWorkOrderNote(ctx context.Context, workOrderID int64, at time.Time, username, kind, text string) error
	// AddWorkOrderPart records a spare part used on a work order and takes it from the warehouse's stock, journalled with the work order as reference.
	AddWorkOrderPart(ctx context.Context, workOrderID int64, number string, p domain.WorkOrderPart, now time.Time) error
	// AdjustOnHand changes on hand by the movement's quantity, up or down (never below what is reserved), and journals it.
	AdjustOnHand(ctx context.Context, m domain.JournalRow, now time.Time) error
	// AllocateUnits takes up to n units of an article in stock at a warehouse, oldest fifo_date first, and ties them to an order line;
	// each comes with the components it carries.
	AllocateUnits(ctx context.Context, lineID int64, warehouse, article string, n int, now time.Time) ([]domain.PickedUnit, error)
	// AnswerTransfer marks a sent, unlocked-in-time transfer accepted or rejected.
	AnswerTransfer(ctx context.Context, id int64, status string, now, openSince time.Time, message, customer, payer string) (bool, error)
	// AppendAudit writes an entry and the persons it shows; there is deliberately no update or delete.
	AppendAudit(ctx context.Context, e domain.AuditEntry) error
	// ApproveReconditionedUnit puts a reconditioned unit back in stock with a new first-in-first-out date, and counts it in the warehouse's balance.
	ApproveReconditionedUnit(ctx context.Context, r *domain.ReconditioningUnit, today, now time.Time, username string) (bool, error)
	// ArticleExists reports whether an article number exists.
	ArticleExists(ctx context.Context, number string) (bool, error)
	// AttachComponent records a component on a unit.
	AttachComponent(ctx context.Context, unit, article string, qty int, now time.Time) error
	// Available returns on hand minus reserved of an article at a warehouse.
	Available(ctx context.Context, warehouse, article string) (int, error)
	// AvailableMany returns the stock levels of articles at a warehouse (absent: no stock row).
	AvailableMany(ctx context.Context, warehouse string, articles []string) (map[string]domain.StockLevel, error)
	// BlockUnits blocks each of units (that exists) for b's source and reason, in a few set statements however many units there are (a recall may cover thousands), and writes each unit's history.
	BlockUnits(ctx context.Context, units []string, b domain.UnitBlock, now time.Time) (int, error)
	// CancelLineRow marks an open line cancelled; false when it was not open.
	CancelLineRow(ctx context.Context, lineID int64, now time.Time) (bool, error)
	// CancelOrderRow marks an order cancelled.
	CancelOrderRow(ctx context.Context, id int64, by string, now time.Time) error
	// CancelPickupOrder cancels a registered pickup order and its open items.
	CancelPickupOrder(ctx context.Context, id int64, now time.Time, by string) (bool, error)
	// CarrySessions keeps the sessions alive across a jump of the clock: every session still open at from is open at to with a whole idle period ahead, so setting the training clock logs no one out.
	CarrySessions(ctx context.Context, from, to time.Time, idle time.Duration) error
	// ChangeStock writes journal rows and changes each stock row they name by the sum of its rows' deltas, refusing (EConflict, nothing changed) when on hand or reserved would fall below zero or reserved rise above on hand; an action calls it last, as the stock rows are the ones every order and delivery locks.
	ChangeStock(ctx context.Context, rows []domain.JournalRow, now time.Time) error
	// CloseBillingMonth freezes a month that has a finished run; closing it twice is a conflict.
	CloseBillingMonth(ctx context.Context, month, by string, now time.Time) error
	// CloseCountSession approves or cancels an open count; one that is no longer open is a conflict.
	CloseCountSession(ctx context.Context, id int64, status, username string, now time.Time) error
	// ClosePickupOrderIfDone closes a registered pickup order when no item is still open.
	ClosePickupOrderIfDone(ctx context.Context, id int64, now time.Time) (bool, error)
	// CloseTransferItems frees the holdings of a transfer for new transfers.
	CloseTransferItems(ctx context.Context, transferID int64) error
	// CloseWorkOrder closes a started work order with the action taken.
	CloseWorkOrder(ctx context.Context, id int64, now time.Time, action string, minutes *int) (bool, error)
	// CorrectStock sets the counted quantity of an article in a warehouse (inventering); the difference is a correction movement with the reason.
	CorrectStock(ctx context.Context, warehouse, article string, counted int, reason, username string, now time.Time) (int, error)
	// CountUnread counts a user's unopened messages.
	CountUnread(ctx context.Context, userID int64) (int, error)
	// CreateBillingCorrection stores a correction of a closed month's line.
	CreateBillingCorrection(ctx context.Context, c *domain.BillingCorrection) error
	// CreateBillingJob starts a job for month: the month's run row is made when it is missing (shown only once a job has finished), a job silent since silentSince is marked failed, and a job still running refuses the new one.
	CreateBillingJob(ctx context.Context, month, by string, now, silentSince time.Time) (*domain.BillingJob, error)
	// CreateComponentLines inserts components of stored main lines in one statement.
	CreateComponentLines(ctx context.Context, ls []*domain.OrderLine) error
	// CreateCountSession stores an open count with its lines and returns its id.
	CreateCountSession(ctx context.Context, c *domain.CountSession) (int64, error)
	// CreateLineTrees inserts main lines of one order and their components (comps[i] are mains[i]'s) and sets every line's id; a component takes its main line's order, id and position.
	CreateLineTrees(ctx context.Context, mains []*domain.OrderLine, comps [][]*domain.OrderLine) error
	// CreateHolding inserts a holding; rent starts on the delivery date.
	CreateHolding(ctx context.Context, h domain.NewHolding) error
	// CreateOrder inserts an order row (a draft, or an order registered at once, with its number) and returns its id.
	CreateOrder(ctx context.Context, o *domain.Order) (int64, error)
	// CreateOrderWithLines inserts an order registered at once with its main lines and their components (comps[i] are mains[i]'s), numbered from position 1, and sets the order's and every line's id: those of ids where NextOrderNumber took them ahead.
	CreateOrderWithLines(ctx context.Context, o *domain.Order, ids OrderIDs, mains []*domain.OrderLine, comps [][]*domain.OrderLine) error
	// CreatePickupOrder inserts a pickup order with its items.
	CreatePickupOrder(ctx context.Context, p *domain.PickupOrder, holdingIDs []int64) (int64, error)
	// CreatePickupProposal inserts a proposal with its holdings.
	CreatePickupProposal(ctx context.Context, p *domain.PickupProposal, holdingIDs []int64) (int64, error)
	// CreatePurchaseOrder stores a purchase order with its lines and returns its id.
	CreatePurchaseOrder(ctx context.Context, o *domain.PurchaseOrder) (int64, error)
	// CreateRegistryEvent keeps an event as the first statement of its action; false: an event with its id is kept already (on PostgreSQL after the other transaction keeping it has committed), and nothing is written.
	CreateRegistryEvent(ctx context.Context, e domain.RegistryEventRow) (bool, error)
	// CreateSession stores a session by the hash of its token.
	CreateSession(ctx context.Context, s domain.Session, now time.Time) error
	// CreateStockUnit creates a unit in stock with a new unit number, counts it in the warehouse's stock and writes its first history event.
	CreateStockUnit(ctx context.Context, u domain.NewStockUnit, ref, username string, now time.Time) (string, error)
	// CreateTransfer stores a sent transfer and its items.
	CreateTransfer(ctx context.Context, t domain.NewTransfer) (int64, error)
	// CreateTransferredHolding starts the holding that continues h for the new recipient, customer, payer and prescriber from the BMB-datum.
	CreateTransferredHolding(ctx context.Context, n domain.TransferredHolding) (int64, error)
	// CreateUser inserts a user with roles and customer links.
	CreateUser(ctx context.Context, u domain.NewUser, now time.Time) (int64, error)
	// CreateWorkOrder inserts a work order and returns its id.
	CreateWorkOrder(ctx context.Context, w *domain.WorkOrder) (int64, error)
	// CurrentHolderOfUnit returns the personnummer and customer of the current holding of a unit ("" when nobody holds it).
	CurrentHolderOfUnit(ctx context.Context, unit string) (pnr, customer string, err error)
	// CurrentHoldingsAttachedTo lists the ids of the current component holdings attached to a unit.
	CurrentHoldingsAttachedTo(ctx context.Context, unit string) ([]int64, error)
	// CustomerExists reports whether the customer (kund) is registered.
	CustomerExists(ctx context.Context, number string) (bool, error)
	// CustomerWarehouse is the warehouse that serves the customer.
	CustomerWarehouse(ctx context.Context, number string) (string, error)
	// DeleteBillingJobLines deletes up to limit lines of a job that is not shown and returns how many it deleted.
	DeleteBillingJobLines(ctx context.Context, job int64, limit int) (int64, error)
	// DeleteDraft removes a draft and its lines (Radera).
	DeleteDraft(ctx context.Context, id int64) error
	// DeleteMessages empties a user's inbox and returns how many were removed.
	DeleteMessages(ctx context.Context, userID int64) (int64, error)
	// DeleteOrderLine removes a draft line and its components.
	DeleteOrderLine(ctx context.Context, orderID, lineID int64) error
	// DeleteOtherSessions ends every session of a user but the one of keepHash.
	DeleteOtherSessions(ctx context.Context, userID int64, keepHash string) error
	// DeleteReplacementChain removes a chain.
	DeleteReplacementChain(ctx context.Context, id int64) error
	// DeleteReserveMovements removes the reservation journal rows an order's transaction wrote for an article that it then failed to reserve (journal rows are written before the reservation, to keep the locked tail short).
	DeleteReserveMovements(ctx context.Context, warehouse, article, reference string) error
	// DeleteSession ends a session (Avsluta).
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteSessionsOfUser logs the user out everywhere.
	DeleteSessionsOfUser(ctx context.Context, userID int64) error
	// DeliverUnit marks an allocated unit delivered and writes its history.
	DeliverUnit(ctx context.Context, unit, text, ref, username string, now time.Time) error
	// DetachComponent takes an attached component off its unit and puts it on hand at the warehouse, journalled with the unit as reference.
	DetachComponent(ctx context.Context, unit string, id int64, warehouse, username string, now time.Time) (*domain.UnitComponent, error)
	// EndHolding ends a current holding on date for reason (transferred by BMB, handed_out from a care unit's store); false when it had ended already.
	EndHolding(ctx context.Context, id int64, date time.Time, reason string, what domain.Term) (bool, error)
	// EachBillingLine calls fn with every line of a month's shown run, in the order of the invoice basis, as the rows come: a whole month is never in memory.
	EachBillingLine(ctx context.Context, month string, fn func(domain.StoredBillingLine) error) error
	// EndHoldingBoughtBack ends a purchased holding taken back (återköp) on date: billing credits its price in that month.
	EndHoldingBoughtBack(ctx context.Context, holdingID int64, date time.Time) (bool, error)
	// EndHoldingReturned ends a current holding on date as returned; rent stops that day.
	EndHoldingReturned(ctx context.Context, holdingID int64, date time.Time) (bool, error)
	// EnsureDepreciationOpen guards a change of an article's depreciation period: it moves the depreciation date of every unit of the article, so it is refused when the earlier of the old and the new date of a unit that was rented in a closed month falls on or before that month's end.
	EnsureDepreciationOpen(ctx context.Context, article string, months int) error
	// EnsureOpen is the one guard of the closed billing months (SPEC §7): every write of a dated billing input (rent start, return or BMB date, price valid-from, purchase date, depreciation) calls it, so a change dated on or before the last day of the latest closed month is refused whichever screen or API it comes from.
	EnsureOpen(ctx context.Context, d time.Time, what domain.Term) error
	// ExistingISOClasses tells which of the ISO codes exist, in one query.
	ExistingISOClasses(ctx context.Context, codes []string) (map[string]bool, error)
	// FindAccesses lists the accesses to person data in [from, to), of one user when username is set, oldest first.
	FindAccesses(ctx context.Context, from, to time.Time, username string) ([]domain.PersonAccessRow, error)
	// FindAccessorySuggestions lists the accessories most often ordered with an article from a month (YYYY-MM) on.
	FindAccessorySuggestions(ctx context.Context, article, fromMonth string, limit int) ([]domain.Suggestion, error)
	// FindAccessoryTemplates lists an article's accessory templates.
	FindAccessoryTemplates(ctx context.Context, article string, day time.Time) ([]domain.AccessoryTemplate, error)
	// FindActionTypes lists the action types.
	FindActionTypes(ctx context.Context) ([]domain.ActionType, error)
	// FindAdminCustomer finds a customer by number.
	FindAdminCustomer(ctx context.Context, number string) (*domain.AdminCustomer, error)
	// FindAdminCustomers lists every customer by number.
	FindAdminCustomers(ctx context.Context) ([]domain.AdminCustomer, error)
	// FindAllPrices lists every price of the given articles (all articles when none are given).
	FindAllPrices(ctx context.Context, articles []string) ([]domain.PriceRow, error)
	// FindAllUsers lists every user by user name.
	FindAllUsers(ctx context.Context) ([]*domain.User, error)
	// FindArticleFile returns an article's picture or manual with its content.
	FindArticleFile(ctx context.Context, number, kind string) (*domain.ArticleFile, error)
	// FindArticleFileInfo lists which files an article has, without their content.
	FindArticleFileInfo(ctx context.Context, number string) ([]domain.ArticleFile, error)
	// FindArticleFits lists the main articles an article fits, with their names.
	FindArticleFits(ctx context.Context, number string) ([]domain.ArticleListItem, error)
	// FindArticlePrices lists an article's prices, newest valid-from first.
	FindArticlePrices(ctx context.Context, number string) ([]domain.ArticlePrice, error)
	// FindArticleSheet loads the article page in one query: the article with its ISO class name and whether it has a picture and a manual, its prices valid on date, its balances, the own warehouse of own, its base configuration and fit data.
	FindArticleSheet(ctx context.Context, number, date string, own domain.OwnWarehouseOf) (*domain.ArticleSheet, error)
	// FindArticles searches the catalogue, ordered by article number.
	FindArticles(ctx context.Context, f domain.ArticleFilter) ([]domain.Article, bool, error)
	// FindAttachedComponents lists the components attached to a unit now, in the order they were attached.
	FindAttachedComponents(ctx context.Context, unit string) ([]domain.UnitComponent, error)
	// FindAttachedTransferHoldings lists the current component holdings attached to a unit.
	FindAttachedTransferHoldings(ctx context.Context, unit string) ([]domain.TransferHolding, error)
	// FindAttachment returns one file of a document with its content.
	FindAttachment(ctx context.Context, document, ref string, id int64) (*domain.Attachment, error)
	// FindAttachments lists a document's files without their content.
	FindAttachments(ctx context.Context, document, ref string) ([]domain.Attachment, error)
	// FindAudit lists entries newest first.
	FindAudit(ctx context.Context, f domain.AuditFilter) ([]domain.AuditEntry, error)
	// FindAuditEntry reads one audit entry (without its persons).
	FindAuditEntry(ctx context.Context, id int64) (*domain.AuditEntry, error)
	// FindBaseComponents lists the base configurations (grundutförande) of articles in order, in one query.
	FindBaseComponents(ctx context.Context, articles []string) (map[string][]domain.BaseComponent, error)
	// FindBaseConfiguration lists an article's base configuration (grundutförande) in order.
	FindBaseConfiguration(ctx context.Context, number string) ([]domain.ArticleListItem, error)
	// FindBillingCorrections lists the corrections billed in month, oldest first.
	FindBillingCorrections(ctx context.Context, month string) ([]domain.BillingCorrection, error)
	// EachKeptBillingHolding calls fn with every holding KeepBillingHoldings kept, each payer's by id (the payers in any order, mixed), as the rows come.
	EachKeptBillingHolding(ctx context.Context, fn func(domain.BillingHoldingRow) error) error
	// KeepBillingHoldings keeps the holdings that can cost something in the month [first, next) as they are at SnapshotThen's moment, for EachKeptBillingHolding, and says how many it kept.
	KeepBillingHoldings(ctx context.Context, first, next time.Time) (int, error)
	// FindBillingArticles lists the name, ISO code and depreciation time of the given articles (every article when none are given) by number.
	FindBillingArticles(ctx context.Context, articles []string) (map[string]domain.BillingArticle, error)
	// FindBillingHoldings lists a payer's holdings that can cost something in the month [first, next) — rented ones held some day of it, purchases delivered in it — by id.
	FindBillingHoldings(ctx context.Context, first, next time.Time, payer string) ([]domain.BillingHoldingRow, error)
	// FindPersonBillingHoldings lists every holding a person has had, current and returned, by id (the cost view).
	FindPersonBillingHoldings(ctx context.Context, personnummer string) ([]domain.BillingHoldingRow, error)
	// FindBillingJob finds a job by id.
	FindBillingJob(ctx context.Context, id int64) (*domain.BillingJob, error)
	// FindBillingLine finds a line by id.
	FindBillingLine(ctx context.Context, id int64) (*domain.StoredBillingLine, error)
	// FindBillingLines lists a payer's lines of a month's shown run, in a stable order.
	FindBillingLines(ctx context.Context, month, payer string) ([]domain.StoredBillingLine, error)
	// FindBillingRun finds the finished run of a month (a month whose first run is still going has none yet).
	FindBillingRun(ctx context.Context, month string) (*domain.BillingRun, error)
	// FindBillingRuns lists every finished run, newest month first.
	FindBillingRuns(ctx context.Context) ([]domain.BillingRun, error)
	// FindBillingSettings reads how billing is booked in the finance system (0021).
	FindBillingSettings(ctx context.Context) (domain.BillingSettings, error)
	// FindBillingSums counts and sums the lines of a month's shown run per payer and kind.
	FindBillingSums(ctx context.Context, month string) ([]domain.BillingSum, error)
	// FindBillingSpareParts lists the spare parts of the work orders closed in [from, to) (timestamps; the caller narrows to the civil month).
	FindBillingSpareParts(ctx context.Context, from, to time.Time) ([]domain.BillingSparePartRow, error)
	// FindCareEvents returns the care events of the given persons (one query per batch of persons, not one per access).
	FindCareEvents(ctx context.Context, personnummers []string) ([]domain.CareEvent, error)
	// FindCatalogArticle finds an article by number with every field.
	FindCatalogArticle(ctx context.Context, number string) (*domain.CatalogArticle, error)
	// FindCatalogArticlesByNumber loads articles by number in one query (unknown numbers are absent).
	FindCatalogArticlesByNumber(ctx context.Context, numbers []string) (map[string]*domain.CatalogArticle, error)
	// FindCatalogArticles lists articles by number, or by name words.
	FindCatalogArticles(ctx context.Context, f domain.CatalogFilter) ([]domain.CatalogArticle, error)
	// FindCatalogTemplates lists an article's accessory templates with their items.
	FindCatalogTemplates(ctx context.Context, number string) ([]domain.CatalogTemplate, error)
	// FindChains returns the replacement chains of many articles in one query: article -> its chain, oldest first (absent: no chain).
	FindChains(ctx context.Context, articles []string) (map[string][]string, error)
	// FindCostCentres returns the payers' cost centres by payer number; a payer without one is not in the map.
	FindCostCentres(ctx context.Context) (map[string]string, error)
	// FindCountSession finds a count with its lines (by location, then article) and their units.
	FindCountSession(ctx context.Context, id int64) (*domain.CountSession, error)
	// FindCountSessions lists counts, the newest first: of a warehouse ("" every one), open ones only if asked.
	FindCountSessions(ctx context.Context, warehouse string, openOnly bool) ([]*domain.CountSession, error)
	// FindCountStock returns what the system has of an article at a warehouse: on hand, reserved, and its units in stock or picked there; lock locks the stock row.
	FindCountStock(ctx context.Context, warehouse, article string, lock bool) (domain.CountStock, error)
	// FindCurrentHoldingOfUnit finds the current holding of a unit.
	FindCurrentHoldingOfUnit(ctx context.Context, unit string) (*domain.PickupHolding, error)
	// FindCurrentHoldingsForPickup lists what a person (or, with pnr "", a care unit) holds now, main aids before the components attached to them, in delivery order.
	FindCurrentHoldingsForPickup(ctx context.Context, pnr, careUnit string) ([]*domain.PickupHolding, error)
	// FindCustomerByNumber finds a customer (care unit).
	FindCustomerByNumber(ctx context.Context, number string) (*domain.Customer, error)
	// FindDeviation finds a deviation by id.
	FindDeviation(ctx context.Context, id int64) (*domain.Deviation, error)
	// FindDeviationEvents lists a deviation's history, oldest first.
	FindDeviationEvents(ctx context.Context, id int64) ([]domain.DeviationEvent, error)
	// FindDeviations lists deviations, newest first.
	FindDeviations(ctx context.Context, f domain.DeviationFilter) ([]*domain.Deviation, error)
	// FindFitParts loads the fit data of articles (SPEC §10.11); an unknown article is left out.
	FindFitParts(ctx context.Context, articles []string) (map[string]domain.FitPart, error)
	// FindFlaggedOrder finds a flagged order by number.
	FindFlaggedOrder(ctx context.Context, number string) (*domain.FlaggedOrder, error)
	// FindFlaggedOrders lists the flagged orders, oldest flag first.
	FindFlaggedOrders(ctx context.Context) ([]domain.FlaggedOrder, error)
	// FindHoldingByID finds one holding.
	FindHoldingByID(ctx context.Context, id int64) (*domain.Holding, error)
	// FindHoldingForPickup finds one holding by id.
	FindHoldingForPickup(ctx context.Context, id int64) (*domain.PickupHolding, error)
	// FindHoldings lists a recipient's current holdings (newest order first), or the returned ones.
	FindHoldings(ctx context.Context, f domain.HoldingFilter) ([]domain.Holding, bool, error)
	// FindISOChildren lists the classes under a code ("" for the top classes).
	FindISOChildren(ctx context.Context, parent string) ([]domain.ISOClass, error)
	// FindISOClass finds one ISO class.
	FindISOClass(ctx context.Context, code string) (*domain.ISOClass, error)
	// FindIncomingSupply lists what open purchase orders bring of an article to a warehouse, per expected day.
	FindIncomingSupply(ctx context.Context, warehouse, article string) ([]domain.IncomingSupply, error)
	// FindInspectionUnits lists the held units of the articles with an inspection interval (FU, SPEC §10.5) with their holder, customer, the prescriber's service department and any open inspection work order.
	FindInspectionUnits(ctx context.Context) ([]domain.InspectionUnit, error)
	// FindMessage finds one of a user's messages.
	FindMessage(ctx context.Context, userID, id int64) (domain.Message, error)
	// FindMessages lists a user's inbox, newest first.
	FindMessages(ctx context.Context, userID int64) ([]domain.Message, error)
	// FindNews lists the latest news, newest first.
	FindNews(ctx context.Context, limit int) ([]domain.News, error)
	// FindOpenLines lists ordered lines that are not yet delivered.
	FindOpenLines(ctx context.Context, f domain.OpenLineFilter) ([]domain.OpenLine, error)
	// FindOrderArticle loads an article with the price valid on a day.
	FindOrderArticle(ctx context.Context, number string, day time.Time) (*domain.OrderArticle, error)
	// FindOrderArticles loads many articles in one query (unknown numbers are absent).
	FindOrderArticles(ctx context.Context, numbers []string, day time.Time) (map[string]*domain.OrderArticle, error)
	// FindOrderFacts loads articles and the components of their base
	// configurations, each with its base configuration and chain, in one query.
	FindOrderFacts(ctx context.Context, numbers []string, day time.Time) (*domain.OrderFacts, error)
	// FindOrderByID loads an order with its lines.
	FindOrderByID(ctx context.Context, id int64) (*domain.Order, error)
	// FindOrderByIDLater reads a registered order as FindOrderByID would now; the func it returns gives it once the
	// transaction has committed (on PostgreSQL the read goes with the transaction's next message).
	FindOrderByIDLater(ctx context.Context, id int64) (func() (*domain.Order, error), error)
	// FindOrderByNumber loads a registered order with its lines.
	FindOrderByNumber(ctx context.Context, number string) (*domain.Order, error)
	// FindOrderCustomer loads a customer with its payer, warehouse and route.
	FindOrderCustomer(ctx context.Context, number string) (*domain.OrderCustomer, error)
	// FindOrderLines lists an order's lines: main lines by position, each followed by its components.
	FindOrderLines(ctx context.Context, orderID int64) ([]domain.OrderLine, error)
	// FindOrderOverviewByLine finds the order a line belongs to, with every line.
	FindOrderOverviewByLine(ctx context.Context, lineID int64) (*domain.OrderOverview, error)
	// FindOrderPerson loads a person of the registry.
	FindOrderPerson(ctx context.Context, pnr string) (*domain.OrderPerson, error)
	// FindOrderCustomerAndPerson loads an order's customer and its patient (none for pnr ""), each nil where there is none, in one round trip.
	FindOrderCustomerAndPerson(ctx context.Context, customer, pnr string) (*domain.OrderCustomer, *domain.OrderPerson, error)
	// FindOrderSummaries lists registered (not draft) orders, newest first.
	FindOrderSummaries(ctx context.Context, f domain.DocumentFilter) ([]domain.DocumentSummary, error)
	// FindOrders lists orders without their lines, newest first.
	FindOrders(ctx context.Context, f domain.OrderFilter) ([]*domain.Order, error)
	// FindOwnWarehouse returns the own warehouse of of ("" for none) and, with suppliers, every supplier by name (Sök artikel's form), in one query.
	FindOwnWarehouse(ctx context.Context, of domain.OwnWarehouseOf, suppliers bool) (number string, sups []domain.Supplier, err error)
	// FindPayers lists every payer by number.
	FindPayers(ctx context.Context) ([]domain.Payer, error)
	// FindPricesOfArticles lists the prices of articles in one query, each article's by kind, newest valid-from first.
	FindPricesOfArticles(ctx context.Context, numbers []string) (map[string][]domain.ArticlePrice, error)
	// FindPersonAccesses lists every access to one person's data, oldest first (Loggutdrag).
	FindPersonAccesses(ctx context.Context, personnummer string) ([]domain.PersonAccessRow, error)
	// FindPersonAids loads a person with their holdings, as FindHoldings lists them for f, and, unless f asks for the returned ones, their open order lines, in one query. ErrNotFound when the personnummer is not in the registry.
	FindPersonAids(ctx context.Context, f domain.HoldingFilter) (*domain.PersonAids, error)
	// FindPersonByNumber finds a registry person by the 12-digit personnummer.
	FindPersonByNumber(ctx context.Context, pnr string) (*domain.Person, error)
	// FindPersons searches the registry, ordered by name.
	FindPersons(ctx context.Context, f domain.PersonFilter) ([]domain.Person, bool, error)
	// FindPickLines lists the open lines of registered orders at a warehouse with a dispatch date on or before a day (components after their main line).
	FindPickLines(ctx context.Context, warehouse string, day time.Time) ([]domain.PickLine, error)
	// FindPickupOrderByNumber finds a pickup order with its items.
	FindPickupOrderByNumber(ctx context.Context, number string) (*domain.PickupOrder, error)
	// FindPickupOrders lists pickup orders (without items): open ones by pickup date and route.
	FindPickupOrders(ctx context.Context, f domain.PickupOrderFilter) ([]*domain.PickupOrder, error)
	// FindPickupProposal finds one proposal with its items.
	FindPickupProposal(ctx context.Context, id int64) (*domain.PickupProposal, error)
	// FindPickupProposals lists the proposals with a status ("" every one), oldest first, with their items.
	FindPickupProposals(ctx context.Context, status string) ([]*domain.PickupProposal, error)
	// FindPickupReasons lists the pickup reasons in order.
	FindPickupReasons(ctx context.Context) ([]domain.PickupReason, error)
	// FindPickupSummaries lists pickup orders, newest first.
	FindPickupSummaries(ctx context.Context, f domain.DocumentFilter) ([]domain.DocumentSummary, error)
	// FindRecall finds a notice with its articles.
	FindRecall(ctx context.Context, id int64) (*domain.Recall, error)
	// FindRecallUnits lists a notice's units where they are now, with their holder, customer, prescriber and the documents made for them.
	FindRecallUnits(ctx context.Context, id int64) ([]domain.RecallUnit, error)
	// FindRecallUnitsAtCentre lists a notice's units at the centre (no open holding, not scrapped), by number.
	FindRecallUnitsAtCentre(ctx context.Context, id int64) ([]string, error)
	// FindRecalls lists the notices, newest first.
	FindRecalls(ctx context.Context) ([]*domain.Recall, error)
	// FindPurchaseOrderByNumber finds a purchase order with its lines and receipts.
	FindPurchaseOrderByNumber(ctx context.Context, number string) (*domain.PurchaseOrder, error)
	// FindPurchaseOrders lists purchase orders, the newest first.
	FindPurchaseOrders(ctx context.Context, f domain.PurchaseOrderFilter) ([]*domain.PurchaseOrder, error)
	// FindRecipientUnits lists the units a patient or a care unit holds now.
	FindRecipientUnits(ctx context.Context, personnummer, customer string) ([]domain.RecipientUnit, error)
	// FindReconditioningUnit finds one unit in reconditioning.
	FindReconditioningUnit(ctx context.Context, unit string) (*domain.ReconditioningUnit, string, error)
	// FindReconditioningUnits lists units in reconditioning, oldest first.
	FindReconditioningUnits(ctx context.Context, warehouse string) ([]domain.ReconditioningUnit, error)
	// FindRegistryEvent finds a kept event by its id.
	FindRegistryEvent(ctx context.Context, id string) (*domain.RegistryEventRow, error)
	// FindReorderProposals lists the articles of a warehouse (every warehouse for "") whose on hand − reserved + open purchase-order quantity is at or below their reorder point, by supplier and article.
	FindReorderProposals(ctx context.Context, warehouse string) ([]domain.ReorderProposal, error)
	// FindReorderSettings lists the articles with a reorder point, by warehouse and article.
	FindReorderSettings(ctx context.Context, f domain.ReorderFilter) ([]domain.ReorderSetting, error)
	// FindReplacementChains lists every chain with its articles.
	FindReplacementChains(ctx context.Context) ([]domain.ReplacementChain, error)
	// FindReviewedUsers returns the named users by username, with their linked customers and whether they prescribe.
	FindReviewedUsers(ctx context.Context, usernames []string) (map[string]*domain.ReviewedUser, error)
	// FindRoutes lists the routes.
	FindRoutes(ctx context.Context) ([]domain.RouteRow, error)
	// FindServiceArticle finds an article by number.
	FindServiceArticle(ctx context.Context, number string) (*domain.ServiceArticle, error)
	// FindServiceCustomer finds a customer with its route.
	FindServiceCustomer(ctx context.Context, number string) (*domain.ServiceCustomer, error)
	// FindServiceDepartments lists the service departments.
	FindServiceDepartments(ctx context.Context) ([]domain.Named, error)
	// FindServicePerson finds a registry person by 12-digit personnummer.
	FindServicePerson(ctx context.Context, pnr string) (*domain.ServicePerson, error)
	// FindServiceUnit finds a unit with its article.
	FindServiceUnit(ctx context.Context, unit string) (*domain.ServiceArticle, error)
	// FindSessionUser finds an unexpired session, its user with roles and customer links, and the user's unread messages (Session.Unread), in one round trip: it runs on every request.
	FindSessionUser(ctx context.Context, tokenHash string, now time.Time) (*domain.Session, *domain.User, error)
	// FindStockBalances lists balances per warehouse and article.
	FindStockBalances(ctx context.Context, f domain.StockFilter) ([]domain.StockBalance, error)
	// FindStockLocations lists the articles with a shelf location, in the order a picker walks the shelves, then by article.
	FindStockLocations(ctx context.Context, f domain.LocationFilter) ([]domain.StockLocation, error)
	// FindStockUnit finds a unit.
	FindStockUnit(ctx context.Context, number string) (*domain.StockUnit, error)
	// FindSupplierByID finds a supplier by id.
	FindSupplierByID(ctx context.Context, id int64) (*domain.Supplier, error)
	// FindSupplierByName finds a supplier by its name, case-insensitively.
	FindSupplierByName(ctx context.Context, name string) (*domain.Supplier, error)
	// FindSuppliers lists every supplier by name.
	FindSuppliers(ctx context.Context) ([]domain.Supplier, error)
	// FindTransfer finds a transfer by id; in a transaction on PostgreSQL the row is locked.
	FindTransfer(ctx context.Context, id int64) (domain.Transfer, error)
	// FindTransferCustomer finds a care unit with its default payer.
	FindTransferCustomer(ctx context.Context, number string) (domain.TransferParty, error)
	// FindTransferCustomersOfUser lists the customers a user is linked to, with their default payers.
	FindTransferCustomersOfUser(ctx context.Context, userID int64) ([]domain.TransferParty, error)
	// FindStockMovements lists the stock journal's rows that match the filter, newest first.
	FindStockMovements(ctx context.Context, f domain.MovementFilter) ([]domain.StockMovement, error)
	// FindTransferHolding finds a holding by id (ended or not).
	FindTransferHolding(ctx context.Context, id int64) (domain.TransferHolding, error)
	// FindTransferHoldingByUnit finds the current holding of a unit.
	FindTransferHoldingByUnit(ctx context.Context, unit string) (domain.TransferHolding, error)
	// FindTransferItems lists the holdings of a transfer as they were when it was sent (an accepted transfer lists the ended holdings it replaced).
	FindTransferItems(ctx context.Context, transferID int64) ([]domain.TransferHolding, error)
	// FindTransferPayerName returns an active payer's name.
	FindTransferPayerName(ctx context.Context, number string) (string, error)
	// FindTransferPerson finds a patient in the registry.
	FindTransferPerson(ctx context.Context, pnr string) (domain.TransferParty, error)
	// FindTransferableHoldings lists the current holdings of a patient (personnummer) or a care unit (customer), main aids before their attached components.
	FindTransferableHoldings(ctx context.Context, personnummer, customer string) ([]domain.TransferHolding, error)
	// FindTransfers lists transfers, newest first.
	FindTransfers(ctx context.Context, f domain.TransferFilter) ([]domain.Transfer, error)
	// FindUnitBlocks lists a unit's open blocks, oldest first.
	FindUnitBlocks(ctx context.Context, unit string) ([]domain.UnitBlock, error)
	// FindUnitByNumber loads a unit card with adaptations, attached components and history.
	FindUnitByNumber(ctx context.Context, number string) (*domain.Unit, error)
	// FindUnitCard loads the Individkort in one query: the unit as FindUnitByNumber does, who holds it now (as FindUnitHolding) with the payer's name and the person, its work orders and the lines on their way to complete it.
	FindUnitCard(ctx context.Context, number string) (*domain.UnitCard, error)
	// FindUnitConfiguration lists the articles a unit carries, one per piece: attached and on their way (Kompl. individ).
	FindUnitConfiguration(ctx context.Context, unit string) ([]string, error)
	// FindUnitEvents lists a unit's history, oldest first.
	FindUnitEvents(ctx context.Context, unit string) ([]domain.UnitEvent, error)
	// FindUnitHolding finds who holds a unit now, as the Hjälpmedel screen lists it; ErrNotFound when nobody does.
	FindUnitHolding(ctx context.Context, unit string) (*domain.Holding, error)
	// FindUnshownBillingJobs lists the ended jobs of a month whose lines are not shown (earlier runs, failed ones): their lines are left to delete.
	FindUnshownBillingJobs(ctx context.Context, month string) ([]int64, error)
	// FindUnitLabels loads what the labels of units show, with each held unit's customer; unknown numbers are left out.
	FindUnitLabels(ctx context.Context, numbers []string) ([]domain.UnitLabel, error)
	// FindUnitsByCode lists the units a scanned or typed code names: the unit of
	// that number, else those whose serial number it is.
	FindUnitsByCode(ctx context.Context, code string) ([]string, error)
	// FindUserByHSAID finds the user with an HSA-id (single sign-on).
	FindUserByHSAID(ctx context.Context, hsaID string) (*domain.User, error)
	// FindUserByID finds a user by id.
	FindUserByID(ctx context.Context, id int64) (*domain.User, error)
	// FindUserByUsername finds a user by name, which is stored upper case.
	FindUserByUsername(ctx context.Context, username string) (*domain.User, error)
	// FindWarehouses lists the warehouses.
	FindWarehouses(ctx context.Context) ([]domain.Warehouse, error)
	// FindWorkOrderActionTypes lists the active action types, Avhjälpande underhåll (corrective) first.
	FindWorkOrderActionTypes(ctx context.Context) ([]domain.WorkOrderActionType, error)
	// FindWorkOrderByNumber finds a work order with its notes; lock takes a row lock on PostgreSQL when called inside a transaction.
	FindWorkOrderByNumber(ctx context.Context, number string) (*domain.WorkOrder, error)
	// FindWorkOrderDepartments lists the service departments by name.
	FindWorkOrderDepartments(ctx context.Context) ([]domain.WorkOrderDepartment, error)
	// FindWorkOrderSummaries lists work orders, newest first.
	FindWorkOrderSummaries(ctx context.Context, f domain.DocumentFilter) ([]domain.DocumentSummary, error)
	// FindWorkOrders lists work orders.
	FindWorkOrders(ctx context.Context, f domain.WorkOrderFilter) ([]*domain.WorkOrder, error)
	// FinishBillingRun makes a job's lines the month's shown run, and totals (the sums of its lines per payer, as the job wrote them) the month's totals. A month closed meanwhile is refused: its shown run never changes.
	FinishBillingRun(ctx context.Context, month string, job int64, totals map[string]domain.Ore, by string, now time.Time) error
	// FlagHomeOrders marks the open orders of a person delivered to their home (address source recipient): their delivery address is to be checked since day.
	FlagHomeOrders(ctx context.Context, pnr string, day time.Time) ([]string, error)
	// HandlePickupProposal closes an open proposal as confirmed (with the pickup order it became) or dismissed; false: it was not open any more.
	HandlePickupProposal(ctx context.Context, id int64, status, by string, at time.Time, pickupOrderID int64) (bool, error)
	// HoldingOnOpenPickup reports whether a holding is on a registered pickup order.
	HoldingOnOpenPickup(ctx context.Context, holdingID int64) (bool, error)
	// ISOClassExists reports whether an ISO code exists.
	ISOClassExists(ctx context.Context, code string) (bool, error)
	// ISOClassNames names the two-digit ISO classes.
	ISOClassNames(ctx context.Context) (map[string]string, error)
	// IdempotentReference returns what an earlier request with the same key created ("" when none).
	IdempotentReference(ctx context.Context, userID int64, key, kind string) (string, error)
	// InsertArticlePrice adds a price valid from a date; a second price of the same kind from the same date is a conflict (the history is kept, not overwritten).
	InsertArticlePrice(ctx context.Context, number string, p domain.ArticlePrice, now time.Time) (int64, error)
	// InsertBillingLine adds one line to a month's shown run (a correction billed in a month that has been run).
	InsertBillingLine(ctx context.Context, month string, l domain.StoredBillingLine) error
	// InsertBillingLines adds lines to a billing job's run of month, in order (their ids follow it), a hundred to a statement.
	InsertBillingLines(ctx context.Context, job int64, month string, lines []domain.StoredBillingLine) error
	// InsertCatalogArticle creates an article and its search words.
	InsertCatalogArticle(ctx context.Context, a *domain.CatalogArticle, now time.Time) error
	// InsertDeviation registers a deviation and its first event, and returns its id.
	InsertDeviation(ctx context.Context, d domain.Deviation) (int64, error)
	// InsertRecall registers a notice with its articles and its units (by the articles and ranges, or the list of units; units that do not exist and scrapped ones are left out) and returns its id and how many units it covers.
	InsertRecall(ctx context.Context, in domain.RecallInput, by string, now time.Time) (int64, int, error)
	// IsPersonAccess reports whether an audit entry names a person, so it can be reviewed.
	IsPersonAccess(ctx context.Context, auditID int64) (bool, error)
	// LatestClosedMonth returns the first day of the latest closed billing month; the zero time when none is closed.
	LatestClosedMonth(ctx context.Context) (time.Time, error)
	// LatestBillingJob finds the latest job of a month.
	LatestBillingJob(ctx context.Context, month string) (*domain.BillingJob, error)
	// LockOrderByNumber loads a registered order with its lines, first taking its row lock on PostgreSQL, so that picking, delivering and cancelling one order are serialised: it returns the order as the action that held the lock before left it.
	LockOrderByNumber(ctx context.Context, number string) (*domain.Order, error)
	// LockPerson locks a person's row for the rest of the transaction (PostgreSQL), so two events of one person apply one after the other.
	LockPerson(ctx context.Context, pnr string) error
	// LockPickupOrder locks the pickup order's row until the transaction ends (on PostgreSQL; SQLite's single writer already serialises), so two answers to the same order are applied one after the other.
	LockPickupOrder(ctx context.Context, number string) error
	// LockPickupProposal locks the proposal's row until the transaction ends.
	LockPickupProposal(ctx context.Context, id int64) error
	// LockCountSession locks a count for its entry, approval or cancelling, so that they follow one another.
	LockCountSession(ctx context.Context, id int64) error
	// LockPurchaseOrder locks a purchase order for a receipt or its closing and returns its status as it is once locked.
	LockPurchaseOrder(ctx context.Context, id int64) (string, error)
	// LockUnitInWarehouse reports whether a unit is in the warehouse (in stock or in reconditioning).
	LockUnitInWarehouse(ctx context.Context, unit string) (bool, error)
	// LockUser locks an account against logins until lockUntil (failed logins from several clients, see service/throttle.go).
	LockUser(ctx context.Context, id int64, lockUntil time.Time) error
	// LockWorkOrder locks the work order's row until the transaction ends.
	LockWorkOrder(ctx context.Context, number string) error
	// MarkLineDelivered records a line's delivery.
	MarkLineDelivered(ctx context.Context, lineID int64, qty int, now time.Time) error
	// MarkMessageRead stamps the first opening of a message.
	MarkMessageRead(ctx context.Context, userID, id int64, now time.Time) error
	// MarkRecallExecuted marks a notice executed; false when it already was.
	MarkRecallExecuted(ctx context.Context, id int64, by string, now time.Time) (bool, error)
	// MoveStock moves a quantity of a non-unit article between warehouses.
	MoveStock(ctx context.Context, from, to, article string, qty int, ref, username string, now time.Time) error
	// MoveUnit moves a unit in stock to another warehouse.
	MoveUnit(ctx context.Context, number, to, ref, username string, now time.Time) error
	// NameOfCustomer returns a customer's name ("" when unknown).
	NameOfCustomer(ctx context.Context, number string) string
	// NameOfPayer returns a payer's name ("" when unknown).
	NameOfPayer(ctx context.Context, number string) string
	// NextDocNumber returns the next document number of a kind for the year of now, e.g.
	NextDocNumber(ctx context.Context, kind domain.DocKind, now time.Time) (string, error)
	// OpenTransferOfHolding returns the open transfer (sent or locked) a holding is in, 0 if none.
	OpenTransferOfHolding(ctx context.Context, holdingID int64) (int64, error)
	// OtherChainOfArticle is the replacement chain other than chain that holds the article; none gives ENotFound.
	OtherChainOfArticle(ctx context.Context, article string, chain int64) (int64, error)
	// OverviewBilled sums what each payer was billed per month of [from, to].
	OverviewBilled(ctx context.Context, fromMonth, toMonth string) ([]domain.PayerMonthAmount, error)
	// OverviewDeliveries counts the order lines delivered each day of the period, on time (on or before their dispatch date) and late.
	OverviewDeliveries(ctx context.Context, from, to time.Time) ([]domain.DayDelivery, error)
	// OverviewOrdersPerDay counts the orders registered each day of the period.
	OverviewOrdersPerDay(ctx context.Context, from, to time.Time) ([]domain.DayCount, error)
	// OverviewReconditioning counts the units returned to reconditioning, reconditioned and scrapped each day of the period.
	OverviewReconditioning(ctx context.Context, from, to time.Time) ([]domain.KindDayCount, error)
	// OverviewUnits counts the units per ISO class (the code's first two digits) and status, from the units' article-and-status index.
	OverviewUnits(ctx context.Context) ([]domain.StatusCount, error)
	// PatientCustomers lists the customers a person's current aids are under: the customers of article's holdings first (when given), then the most recently delivered.
	PatientCustomers(ctx context.Context, personnummer, article string) ([]string, error)
	// PayerName is the payer's name; an unknown payer gives ENotFound.
	PayerName(ctx context.Context, number string) (string, error)
	// PayerRegistered reports whether the payer (betalare) is registered, active or not.
	PayerRegistered(ctx context.Context, number string) (bool, error)
	// PayersOfUser lists the default payers of the customers a user is linked to: the payers a prescriber may bill besides the chosen customer's (SPEC §10.2).
	PayersOfUser(ctx context.Context, userID int64) ([]string, error)
	// PersonsProtected returns, of the given 12-digit numbers, those of registry persons with their protected flag; numbers of nobody are left out.
	PersonsProtected(ctx context.Context, pnrs []string) (map[string]bool, error)
	// PrescribersOf are the active prescribers who ordered for a person (an order of theirs that was registered) or are named on what the person holds.
	PrescribersOf(ctx context.Context, pnr string) ([]int64, error)
	// PublishNews adds a news item.
	PublishNews(ctx context.Context, n domain.News) (int64, error)
	// PutArticleFile stores (or replaces) an article's picture or manual.
	PutArticleFile(ctx context.Context, number string, f domain.ArticleFile, now time.Time) error
	// ReceivePickupItem marks an item received; false when it was not open.
	ReceivePickupItem(ctx context.Context, itemID int64, now time.Time) (bool, error)
	// ReceiveStock adds a quantity of an article to a warehouse.
	ReceiveStock(ctx context.Context, warehouse, article string, qty int, ref, username string, now time.Time) error
	// ReceiveUnitForReconditioning puts a returned unit (and so its attached components) in reconditioning.
	ReceiveUnitForReconditioning(ctx context.Context, unit, warehouse string, date time.Time) error
	// RecordInspectionResult keeps the result of an inspection on the unit and on the work order that did it.
	RecordInspectionResult(ctx context.Context, unit string, workOrderID int64, result string) error
	// RecordLoginSuccess clears the failure count and stamps the login time.
	RecordLoginSuccess(ctx context.Context, id int64, now time.Time) error
	// RecordUnitAdaptation records a special adaptation (specialanpassning) of a unit.
	RecordUnitAdaptation(ctx context.Context, unit string, date time.Time, text, username string) error
	// RecordUnitMaintenance records a preventive maintenance or inspection (Senaste FU).
	RecordUnitMaintenance(ctx context.Context, unit string, date time.Time) error
	// RegisterOrder turns a draft into a registered order with its number; it changes nothing (and returns false) when the order is no longer a draft, so a second Verkställ cannot register it twice.
	RegisterOrder(ctx context.Context, id int64, number string, now time.Time) (bool, error)
	// ReleaseUnitBlocks ends the open blocks of a source (a closed deviation, a finished recall) and unblocks each unit that has no other open block.
	ReleaseUnitBlocks(ctx context.Context, sel domain.UnitBlock, by string, now time.Time) (int, error)
	// RemoveReorderSetting stops reordering an article at a warehouse.
	RemoveReorderSetting(ctx context.Context, warehouse, article string) error
	// ReportStockValue values the stock on hand at the sales price valid on day.
	ReportStockValue(ctx context.Context, day time.Time) ([]domain.StockValueRow, error)
	// ReportUnitsOut counts the current holdings per ISO class and payer.
	ReportUnitsOut(ctx context.Context) ([]domain.UnitsOutRow, error)
	// RerouteDocuments moves every order, pickup order and work order of a person that goes to their home (address source recipient), whatever its status, onto its customer's address, and puts the customer's phone wherever a document of theirs carries the person's own phone: a protected identity's address and phone are then on no document.
	RerouteDocuments(ctx context.Context, pnr, personPhone string) (domain.Rerouted, error)
	// Reserve reserves qty of an article if that much is available, atomically: the conditional UPDATE is what decides a race for the last unit.
	Reserve(ctx context.Context, warehouse, article string, qty int, ref, username string, now time.Time) (bool, error)
	// ReserveMany reserves several articles at a warehouse in one statement (one round trip while the stock rows are locked): each article is reserved in full if that much is available, or not at all.
	ReserveMany(ctx context.Context, warehouse string, qty map[string]int) (map[string]bool, error)
	// ResolveAddressFlag clears an order's flag; with useRegistry the delivery address becomes the recipient's address in the registry (street, postal code, town and name).
	ResolveAddressFlag(ctx context.Context, number string, useRegistry bool) (bool, error)
	// RestartDormancy stamps the user's last login as now, so a reactivated dormant account starts a new period.
	RestartDormancy(ctx context.Context, userID int64, now time.Time) error
	// RestoreUnit puts a scrapped unit that a count found back in stock at the warehouse.
	RestoreUnit(ctx context.Context, number, warehouse, ref, username string, now time.Time) error
	// ReturnToStock puts returned goods back on hand at a warehouse: a returned item without a unit number, or a reconditioned unit.
	ReturnToStock(ctx context.Context, warehouse, article string, qty int, ref, username string, now time.Time) error
	// RouteExists reports whether the route (turbil) is registered.
	RouteExists(ctx context.Context, id int64) (bool, error)
	// SaveActionType inserts (ID 0) or updates an action type.
	SaveActionType(ctx context.Context, a *domain.ActionType) error
	// SaveAdminCustomer inserts (create) or updates a customer.
	SaveAdminCustomer(ctx context.Context, c *domain.AdminCustomer, create bool) error
	// SaveIdempotencyKey remembers what a request with a key created.
	SaveIdempotencyKey(ctx context.Context, userID int64, key, kind, reference string, now time.Time) error
	// SaveLogReview records or replaces the review of an audit entry (the audit log keeps every earlier review as its own entry).
	SaveLogReview(ctx context.Context, auditID int64, r domain.LogReview) error
	// SaveOIDCLogin keeps a single sign-on in progress, and forgets those older than expired (abandoned at the provider).
	SaveOIDCLogin(ctx context.Context, l domain.OIDCLogin, expired time.Time) error
	// SavePayer inserts or updates a payer.
	SavePayer(ctx context.Context, p domain.Payer) error
	// SavePickupReason inserts or updates a pickup reason by code.
	SavePickupReason(ctx context.Context, p domain.PickupReason) error
	// SaveReplacementChain creates (ID 0) or replaces a chain; an article can be in one chain only.
	SaveReplacementChain(ctx context.Context, c *domain.ReplacementChain) error
	// SaveRoute inserts (ID 0) or updates a route.
	SaveRoute(ctx context.Context, r *domain.RouteRow) error
	// SaveServiceDepartment inserts (ID 0) or renames a service department.
	SaveServiceDepartment(ctx context.Context, d *domain.Named) error
	// ScrapReconditioningUnit scraps a unit in reconditioning (Skrotad with date).
	ScrapReconditioningUnit(ctx context.Context, unit string, date time.Time) (bool, error)
	// SendMessage puts a message in a user's inbox.
	SendMessage(ctx context.Context, m domain.Message) (int64, error)
	// SerialExists reports whether an article already has a unit with the serial number.
	SerialExists(ctx context.Context, article, serial string) (bool, error)
	// ServiceCustomerNames maps customer numbers to names, for select lists.
	ServiceCustomerNames(ctx context.Context, numbers []string) (map[string]string, error)
	// ServiceDepartmentExists reports whether the service department is registered.
	ServiceDepartmentExists(ctx context.Context, id int64) (bool, error)
	// ServiceUnitEvent appends to a unit's history.
	ServiceUnitEvent(ctx context.Context, unit string, at time.Time, kind, text, reference, username string) error
	// SessionIDToken is the identity provider's ID token of a session ("" for a password login or an unknown session).
	SessionIDToken(ctx context.Context, tokenHash string) (string, error)
	// SetAccessoryTemplates replaces an article's accessory templates.
	SetAccessoryTemplates(ctx context.Context, number string, templates []domain.CatalogTemplate) error
	// SetArticleLinesWaiting marks an order's reserved lines of l's article as waiting for the supplier as l is planned:
	// nothing reserved, the lead-time dates and their reasons.
	SetArticleLinesWaiting(ctx context.Context, orderID int64, l *domain.OrderLine) error
	// RecordTransferReminder notes that a transfer's reminder is being sent; false when it already was (each is sent once).
	RecordTransferReminder(ctx context.Context, transferID int64, kind domain.TransferReminder, now time.Time) (bool, error)
	// FindStockAlternatives lists the stock that could serve an order line of article at warehouse sooner: the
	// article at other warehouses, and orderable stocked articles of its ISO class at warehouse, each with at least
	// quantity to promise (unblocked).
	FindStockAlternatives(ctx context.Context, article, warehouse string, quantity int) ([]domain.StockBalance, error)
	// FindLocalStoreAlternatives lists current holdings of the article, or of its ISO class, in the own stores
	// (närförråd) of customers, as hand-out candidates (no blocked unit, no attached component).
	FindLocalStoreAlternatives(ctx context.Context, customers []string, article string, quantity int) ([]domain.AlternativeCandidate, error)
	// SetArticleFits replaces the main articles an article fits.
	SetArticleFits(ctx context.Context, number string, mains []string) error
	// SetBaseComponents replaces an article's base configuration.
	SetBaseComponents(ctx context.Context, number string, items []domain.ArticleListItem) error
	// SetComplementUnit sets the unit a component line is to be attached to (Kompl.
	SetComplementUnit(ctx context.Context, lineID int64, unit string) error
	// SetCostCentre sets a payer's cost centre; an empty one removes it (the payer's number is used).
	SetCostCentre(ctx context.Context, payer, costCentre string) error
	// SetCountLine records what was counted of an article on an open count: the quantity, and the units found (replacing those entered before).
	SetCountLine(ctx context.Context, id int64, article string, counted int, units []domain.CountUnit) error
	// SetCountOutcome records on an approved count's line what the system had and each unit's outcome.
	SetCountOutcome(ctx context.Context, id int64, article string, expected int, units []domain.CountUnit) error
	// SetLinePlan saves what registration decided for a line: the delivered article, why, what was reserved and the dates.
	SetLinePlan(ctx context.Context, l *domain.OrderLine) error
	// SetLineReserved changes a line's reserved quantity.
	SetLineReserved(ctx context.Context, lineID int64, reserved int) error
	// SetOrderStatus sets the status of an order from the state of its lines.
	SetOrderStatus(ctx context.Context, id int64, status string) error
	// SetPassword stores a new password hash; mustChange marks an issued password.
	SetPassword(ctx context.Context, id int64, hash string, mustChange bool) error
	// SetPersonDeceased records a person's death.
	SetPersonDeceased(ctx context.Context, pnr string, d time.Time) error
	// SetPersonProtected sets or removes a person's protected identity.
	SetPersonProtected(ctx context.Context, pnr string, protected bool) error
	// SetRecallUnitDone records what the notice's execution made for a unit: its work order, its pickup order, or that its holder's prescriber was informed.
	SetRecallUnitDone(ctx context.Context, id int64, unit, workOrder, pickupOrder string) error
	// SetPurchaseOrderStatus sets a purchase order's status; closed and cancelled ones get their closing time.
	SetPurchaseOrderStatus(ctx context.Context, id int64, status string, now time.Time) error
	// SetRegistryEventOutcome records what an event did.
	SetRegistryEventOutcome(ctx context.Context, id, outcome string) error
	// SetReorderSetting sets an article's reorder point and order quantity at a warehouse.
	SetReorderSetting(ctx context.Context, s domain.ReorderSetting) error
	// SetStockLocation sets an article's shelf location at a warehouse ("" none).
	SetStockLocation(ctx context.Context, warehouse, article, location string) error
	// SetTrainingClockOffset saves the training clock's offset.
	SetTrainingClockOffset(ctx context.Context, offset time.Duration, username string, realNow time.Time) error
	// SetUserActive activates or deactivates a user; deactivation ends their sessions at once.
	SetUserActive(ctx context.Context, id int64, active bool) error
	// SetUserLinks replaces a user's roles and customer links.
	SetUserLinks(ctx context.Context, id int64, roles []domain.Role, customers []string) error
	// ResubmitWorkOrder writes a returned work order as the prescriber corrected it, with its new due time, and sends it again; false when it was not waiting for the correction.
	ResubmitWorkOrder(ctx context.Context, w *domain.WorkOrder) (bool, error)
	// ReturnWorkOrder returns an open work order to its prescriber: registered again, untaken, waiting for the correction; false when it was not open or was returned already.
	ReturnWorkOrder(ctx context.Context, id int64, by, reason string, now time.Time) (bool, error)
	// SetWorkOrderPriority changes the priority and due time of an open work order.
	SetWorkOrderPriority(ctx context.Context, id int64, priority int, due time.Time) (bool, error)
	// StartWorkOrder marks a registered work order started by a technician; false when it was not registered any more (another technician took it, or it was closed).
	StartWorkOrder(ctx context.Context, id, technicianID int64, now time.Time) (bool, error)
	// TakeOIDCLogin finds a single sign-on in progress and removes it, so its state answers once; an unknown or already taken state gives ENotFound.
	TakeOIDCLogin(ctx context.Context, stateHash string) (*domain.OIDCLogin, error)
	// TouchSession slides a session's expiry.
	TouchSession(ctx context.Context, tokenHash string, now, expires time.Time) error
	// TrainingClockOffset is how far the training clock is set from the real time (0 when it has never been set).
	TrainingClockOffset(ctx context.Context) (time.Duration, error)
	// TryReserve reserves qty if that much is available (the conditional UPDATE that decides a race) without writing the journal; the caller logs the movements in one statement with AddStockMovements.
	TryReserve(ctx context.Context, warehouse, article string, qty int) (bool, error)
	// UnallocateUnits puts a line's allocated units back in stock.
	UnallocateUnits(ctx context.Context, lineID int64, now time.Time) error
	// UnitBlocked reports whether the unit has an open block.
	UnitBlocked(ctx context.Context, unit string) (bool, error)
	// UnitPayerOn returns the payer of the holding of a unit on day ("" when nobody held it).
	UnitPayerOn(ctx context.Context, unit string, day time.Time) (string, error)
	// UnlockTransfer marks a locked transfer unlocked (sent at or before lockedSince); it returns whether this call did it.
	UnlockTransfer(ctx context.Context, id int64, now, lockedSince time.Time, by string) (bool, error)
	// UnlockUser clears the failed-login count and the lock of an account.
	UnlockUser(ctx context.Context, id int64) error
	// UpdateBillingJob saves a job's progress, status, end and error.
	UpdateBillingJob(ctx context.Context, j *domain.BillingJob) error
	// UpdateBillingSettings replaces the settings.
	UpdateBillingSettings(ctx context.Context, s domain.BillingSettings) error
	// UpdateCatalogArticle saves every field of an article, and its search words when its name, product or product name changed.
	UpdateCatalogArticle(ctx context.Context, a *domain.CatalogArticle, now time.Time) error
	// UpdateDeviationStatus saves a handler's change when the deviation still has status from (a concurrent change makes it report false).
	UpdateDeviationStatus(ctx context.Context, id int64, from string, c domain.DeviationChange, now time.Time) (bool, error)
	// UpdateOrderDelivery saves the delivery information and the urgent flag of a draft.
	UpdateOrderDelivery(ctx context.Context, id int64, d domain.OrderDelivery, urgent bool) error
	// UpdatePersonAddress sets a person's address (and its search form).
	UpdatePersonAddress(ctx context.Context, pnr, street, postalCode, town string) error
	// UpdatePersonName sets a person's name (and its search form).
	UpdatePersonName(ctx context.Context, pnr, first, last string) error
	// UpdateUserContact changes a user's own contact details.
	UpdateUserContact(ctx context.Context, id int64, name, phone, mobile, email string) error
	// UpdateUserProfile saves a user's profile.
	UpdateUserProfile(ctx context.Context, id int64, p domain.UserProfile) error
	// UserIDsWithRole lists the active users with a role (e.g.
	UserIDsWithRole(ctx context.Context, role domain.Role) ([]int64, error)
	// WaitingQuantity is how much of an article the open lines of registered orders at a warehouse wait for (ordered but not reserved).
	WaitingQuantity(ctx context.Context, warehouse, article string) (int, error)
	// WarehouseExists reports whether the warehouse (lager) is registered.
	WarehouseExists(ctx context.Context, number string) (bool, error)
	// WorkOrderTimings groups every work order by what the overdue rule reads (domain.WorkOrderOverdue); the report counts them with the rule, so it cannot disagree with the work-order page.
	WorkOrderTimings(ctx context.Context) ([]domain.WorkOrderTimingCount, error)
	// WriteOffUnit writes off a unit in stock that a count did not find: it is scrapped, leaves on hand and its history says why.
	WriteOffUnit(ctx context.Context, number, warehouse, ref, username string, now time.Time) error
}

type backgroundKey struct{}

// Background marks ctx as a long job's (a billing run, an import). On SQLite
// the one writer runs the requests' actions ahead of the requests themselves
// (admission.Gate.Favour); a job's writes, thousands of them, take it in turns
// with the requests' groups instead, each alone, so a job cannot hold the CPU
// the requests wait for.
func Background(ctx context.Context) context.Context {
	return context.WithValue(ctx, backgroundKey{}, true)
}

// IsBackground reports whether ctx is a long job's (Background).
func IsBackground(ctx context.Context) bool {
	b, _ := ctx.Value(backgroundKey{}).(bool)
	return b
}
