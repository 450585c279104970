package service_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

// t0 is the fixed "now" of the transfer tests: Monday 2026-11-02 09:30 in Sweden.
var t0 = time.Date(2026, 11, 2, 8, 30, 0, 0, time.UTC)

// bothBackends runs fn on a fresh demo server on SQLite and on PostgreSQL, with the clock at t0.
func bothBackends(t *testing.T, fn func(t *testing.T, srv *testserver.Server)) {
	t.Run("SQLite", func(t *testing.T) { fn(t, testserver.Start(t, testserver.At(t0))) })
	t.Run("Postgres", func(t *testing.T) { fn(t, testserver.Start(t, testserver.Postgres(), testserver.At(t0))) })
}

// transferFixture adds holdings of its own on top of the demo data, so these tests do
// not depend on the demo's articles:
//   - patient 191212121212 holds wheelchair unit TU1 (customer 2990) with an attached
//     armrest component, and cushion unit TU2;
//   - the local store 1464 holds cushion unit TU3;
//   - two more patients, the second with a protected identity.
type transferFixture struct {
	Wheelchair, Armrest, Cushion, StoreCushion int64 // holding ids
}

const (
	otherPatient     = "197001011233"
	protectedPatient = "194503152342"
)

func setupTransfers(t *testing.T, srv *testserver.Server) transferFixture {
	t.Helper()
	ctx := context.Background()
	var f transferFixture
	err := srv.DB.Transact(ctx, func(q *store.Q) error {
		now := domain.FormatTimestamp(t0)
		stmts := []string{
			`INSERT INTO iso_classes (code, name) VALUES ('98', 'Testklass') ON CONFLICT (code) DO NOTHING`,
			`INSERT INTO articles (number, name, iso_code, status, individual, purpose, created_at, updated_at) VALUES
				('T9001', 'Testrullstol', '98', 'stocked', TRUE, 'rent', '` + now + `', '` + now + `'),
				('T9002', 'Testarmstöd', '98', 'stocked', FALSE, 'rent', '` + now + `', '` + now + `'),
				('T9003', 'Testdyna', '98', 'stocked', TRUE, 'rent', '` + now + `', '` + now + `')`,
			`INSERT INTO units (number, article_number, serial, warehouse, status, status_date, fifo_date, created_at) VALUES
				('TU1', 'T9001', 'S1', '2000', 'delivered', '2026-03-02', '2026-01-01', '` + now + `'),
				('TU2', 'T9003', 'S2', '2000', 'delivered', '2026-03-02', '2026-01-01', '` + now + `'),
				('TU3', 'T9003', 'S3', '2000', 'delivered', '2026-03-02', '2026-01-01', '` + now + `')`,
			`INSERT INTO persons (personnummer, first_name, last_name, street, postal_code, town, sex, protected, last_name_folded, first_name_folded) VALUES
				('` + otherPatient + `', 'Andra', 'Patientsson', 'Andragatan 2', '12345', 'BODEN', 'K', FALSE, 'patientsson', 'andra'),
				('` + protectedPatient + `', 'Skyddad', 'Hemlig', 'Hemliga vägen 1', '12345', 'LULEÅ', 'M', TRUE, 'hemlig', 'skyddad')`,
		}
		for _, s := range stmts {
			if _, err := q.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		lno, err := q.FindUserByUsername(ctx, "K082LNO")
		if err != nil {
			return err
		}
		hold := func(pnr, cust, article, unit, attached, customer string) (int64, error) {
			return q.Insert(ctx, `INSERT INTO holdings (recipient_personnummer, recipient_customer, article_number, unit_number,
				attached_unit, quantity, customer_number, payer_number, prescriber_id, purpose, order_date, delivery_date, rent_start)
				VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, 'rent', '2026-02-20', '2026-03-02', '2026-03-02')`,
				store.NullString(pnr), store.NullString(cust), article, store.NullString(unit), store.NullString(attached),
				customer, customer, lno.ID)
		}
		if f.Wheelchair, err = hold("191212121212", "", "T9001", "TU1", "", "2990"); err != nil {
			return err
		}
		if f.Armrest, err = hold("191212121212", "", "T9002", "", "TU1", "2990"); err != nil {
			return err
		}
		if f.Cushion, err = hold("191212121212", "", "T9003", "TU2", "", "2990"); err != nil {
			return err
		}
		f.StoreCushion, err = hold("", "1464", "T9003", "TU3", "", "1464")
		return err
	})
	if err != nil {
		t.Fatalf("transfer fixture: %v", err)
	}
	return f
}

func actorOf(t *testing.T, srv *testserver.Server, username string) *service.Actor {
	t.Helper()
	u, err := srv.DB.Read().FindUserByUsername(context.Background(), username)
	if err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return &service.Actor{User: u}
}

func ids(ids ...int64) []string {
	var out []string
	for _, id := range ids {
		out = append(out, strconv.FormatInt(id, 10))
	}
	return out
}

// currentHolding is the current holding of a unit.
func currentHolding(t *testing.T, srv *testserver.Server, unit string) domain.TransferHolding {
	t.Helper()
	h, err := srv.DB.Read().FindTransferHoldingByUnit(context.Background(), unit)
	if err != nil {
		t.Fatalf("current holding of %s: %v", unit, err)
	}
	return h
}

func wantCode(t *testing.T, err error, code domain.Code) {
	t.Helper()
	if got := domain.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

func TestTransferAcceptMovesHoldingsWithComponents(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		f := setupTransfers(t, srv)
		lno, kbn := actorOf(t, srv, "K082LNO"), actorOf(t, srv, "K082KBN")

		v, _, err := srv.Svc.SendTransfer(ctx, lno, service.TransferInput{ToPrescriber: "k082kbn",
			RecipientPersonnummer: "19121212-1212", Units: []string{"TU1"}, BMBDate: "2026-11-05", Message: "Patienten flyttar."})
		if err != nil {
			t.Fatalf("send: %v", err)
		}
		if v.State != domain.TransferSent || len(v.Items) != 2 {
			t.Fatalf("sent transfer: state %s, %d items (want the wheelchair and its armrest)", v.State, len(v.Items))
		}
		msgs, _ := srv.Svc.Messages(ctx, kbn)
		if len(msgs) == 0 || msgs[0].Link != fmt.Sprintf("/bmb/%d", v.ID) {
			t.Fatalf("K082KBN got no message about the transfer: %+v", msgs)
		}

		// The receiver chooses her customer 3110 with its payer.
		v, err = srv.Svc.AcknowledgeTransfer(ctx, kbn, v.ID, service.AcknowledgeInput{Approve: true, Customer: "3110", Message: "Tack."})
		if err != nil {
			t.Fatalf("accept: %v", err)
		}
		if v.State != domain.TransferAccepted || v.NewCustomer != "3110" || v.NewPayer != "3110" {
			t.Fatalf("accepted transfer: %+v", v.Transfer)
		}
		wc := currentHolding(t, srv, "TU1")
		if wc.Payer != "3110" || wc.Customer != "3110" || wc.PrescriberID != kbn.ID || wc.RentStart.Format(time.DateOnly) != "2026-11-05" {
			t.Errorf("wheelchair now: payer %s customer %s prescriber %d rent start %s", wc.Payer, wc.Customer, wc.PrescriberID, wc.RentStart.Format(time.DateOnly))
		}
		comps, err := srv.DB.Read().FindAttachedTransferHoldings(ctx, "TU1")
		if err != nil || len(comps) != 1 {
			t.Fatalf("armrest on TU1 after the transfer: %v %+v", err, comps)
		}
		if comps[0].Payer != "3110" || comps[0].RentStart.Format(time.DateOnly) != "2026-11-05" || comps[0].ID == f.Armrest {
			t.Errorf("armrest did not move with its unit: %+v", comps[0])
		}
		old, err := srv.DB.Read().FindTransferHolding(ctx, f.Armrest)
		if err != nil || old.EndDate.Format(time.DateOnly) != "2026-11-05" || old.EndReason != "transferred" {
			t.Errorf("old armrest holding: %+v %v", old, err)
		}
		var prev int64
		if err := srv.DB.Read().Get(ctx, "SELECT previous_holding_id FROM holdings WHERE id = ?", []any{wc.ID}, &prev); err != nil || prev != f.Wheelchair {
			t.Errorf("previous_holding_id = %d (%v), want %d", prev, err, f.Wheelchair)
		}
		// The cushion, not ticked, stays where it was.
		if c := currentHolding(t, srv, "TU2"); c.Payer != "2990" {
			t.Errorf("untouched cushion moved: %+v", c)
		}
		var events int
		srv.DB.Read().Get(ctx, "SELECT COUNT(*) FROM unit_events WHERE unit_number = 'TU1' AND kind = 'transferred'", nil, &events)
		if events != 1 {
			t.Errorf("unit history of TU1 has %d transfers, want 1", events)
		}
		msgs, _ = srv.Svc.Messages(ctx, lno)
		if len(msgs) == 0 || msgs[0].Subject != "BMB till K082KBN är godkänd (gällande Svensson, Testare)" {
			t.Errorf("sender's newest message: %+v", msgs[0])
		}
		var audits int
		srv.DB.Read().Get(ctx, "SELECT COUNT(*) FROM audit_log WHERE entity = 'transfer' AND action IN ('transfer.send', 'transfer.accept') AND personnummer = '191212121212'", nil, &audits)
		if audits != 2 {
			t.Errorf("audit log has %d send/accept entries for the patient, want 2", audits)
		}
		// Answered once: a second answer is refused.
		_, err = srv.Svc.AcknowledgeTransfer(ctx, kbn, v.ID, service.AcknowledgeInput{Approve: false})
		wantCode(t, err, domain.EConflict)
	})
}

func TestTransferRejectChangesNothing(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		f := setupTransfers(t, srv)
		lno, kbn := actorOf(t, srv, "K082LNO"), actorOf(t, srv, "K082KBN")
		v, _, err := srv.Svc.SendTransfer(ctx, lno, service.TransferInput{ToPrescriber: "K082KBN",
			RecipientPersonnummer: "191212121212", Holdings: ids(f.Cushion)})
		if err != nil {
			t.Fatalf("send: %v", err)
		}
		// Only the addressee may answer.
		_, err = srv.Svc.AcknowledgeTransfer(ctx, lno, v.ID, service.AcknowledgeInput{Approve: true, Customer: "2990"})
		wantCode(t, err, domain.EForbidden)
		v, err = srv.Svc.AcknowledgeTransfer(ctx, kbn, v.ID, service.AcknowledgeInput{Approve: false, Message: "Patienten är inte vår."})
		if err != nil {
			t.Fatalf("reject: %v", err)
		}
		if v.State != domain.TransferRejected || v.AnswerMessage != "Patienten är inte vår." {
			t.Fatalf("rejected: %+v", v.Transfer)
		}
		if c := currentHolding(t, srv, "TU2"); c.ID != f.Cushion || c.Payer != "2990" {
			t.Errorf("a rejection moved the cushion: %+v", c)
		}
		lists, err := srv.Svc.TransferLists(ctx, lno)
		// Unanswered: only the demo's BMB on day 5 (demo.DueTransferUnit).
		if err != nil || len(lists.Rejected) != 1 || len(lists.Unanswered) != 1 || lists.Unanswered[0].ID == lists.Rejected[0].ID {
			t.Fatalf("sender's lists: %+v %v", lists, err)
		}
		msgs, _ := srv.Svc.Messages(ctx, lno)
		if len(msgs) == 0 || msgs[0].Subject != "BMB till K082KBN är inte godkänd (gällande Svensson, Testare)" {
			t.Errorf("sender's newest message: %+v", msgs)
		}
		// The cushion is free again.
		if _, _, err := srv.Svc.SendTransfer(ctx, lno, service.TransferInput{ToPrescriber: "K082KBN",
			RecipientPersonnummer: "191212121212", Units: []string{"TU2"}}); err != nil {
			t.Errorf("send again after rejection: %v", err)
		}
	})
}

func TestTransferSevenDayLockAndUnlock(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		f := setupTransfers(t, srv)
		lno, kbn, ks := actorOf(t, srv, "K082LNO"), actorOf(t, srv, "K082KBN"), actorOf(t, srv, "KUNDTJANST")
		first, _, err := srv.Svc.SendTransfer(ctx, lno, service.TransferInput{ToPrescriber: "K082KBN", RecipientPersonnummer: "191212121212", Holdings: ids(f.Cushion)})
		if err != nil {
			t.Fatalf("send: %v", err)
		}
		second, _, err := srv.Svc.SendTransfer(ctx, lno, service.TransferInput{ToPrescriber: "K082KBN", RecipientPersonnummer: "191212121212", Units: []string{"TU1"}})
		if err != nil {
			t.Fatalf("send: %v", err)
		}

		// 6 days 23 hours: still open, both see it as sent and it can be acknowledged.
		srv.SetNow(t0.Add(6*24*time.Hour + 23*time.Hour))
		v, err := srv.Svc.Transfer(ctx, kbn, first.ID)
		if err != nil || v.State != domain.TransferSent || !v.CanAcknowledge {
			t.Fatalf("after 6 d 23 h: %v %v", v.State, err)
		}
		if _, err := srv.Svc.UnlockTransfer(ctx, ks, first.ID); domain.ErrorCode(err) != domain.EConflict {
			t.Errorf("unlocking an open transfer: %v", err)
		}
		if _, err := srv.Svc.AcknowledgeTransfer(ctx, kbn, second.ID, service.AcknowledgeInput{Approve: true, Customer: "2990"}); err != nil {
			t.Errorf("accept after 6 d 23 h: %v", err)
		}

		// 7 days: locked for both; it cannot be acknowledged, its holding cannot be sent again.
		srv.SetNow(t0.Add(7 * 24 * time.Hour))
		for _, a := range []*service.Actor{lno, kbn} {
			v, err := srv.Svc.Transfer(ctx, a, first.ID)
			if err != nil || v.State != domain.TransferLocked || v.StatusText() != "Låst sedan 2026-11-09" {
				t.Fatalf("%s sees after 7 days: %v %q %v", a.Username, v.State, v.StatusText(), err)
			}
		}
		_, err = srv.Svc.AcknowledgeTransfer(ctx, kbn, first.ID, service.AcknowledgeInput{Approve: true, Customer: "2990"})
		wantCode(t, err, domain.EConflict)
		_, _, err = srv.Svc.SendTransfer(ctx, lno, service.TransferInput{ToPrescriber: "K082KBN", RecipientPersonnummer: "191212121212", Holdings: ids(f.Cushion)})
		wantCode(t, err, domain.EConflict)
		if domain.ErrorMessage(err) == "" || !contains(domain.ErrorMessage(err), "låst") {
			t.Errorf("message for a locked holding: %q", domain.ErrorMessage(err))
		}
		locked, err := srv.Svc.LockedTransfers(ctx, ks)
		// The demo's BMB sent 5 days before (demo.DueTransferUnit) has locked first.
		if err != nil || len(locked) != 2 || locked[1].ID != first.ID {
			t.Fatalf("customer service's locked list: %v %v", locked, err)
		}
		// Only customer service unlocks.
		_, err = srv.Svc.UnlockTransfer(ctx, lno, first.ID)
		wantCode(t, err, domain.EForbidden)
		v, err = srv.Svc.UnlockTransfer(ctx, ks, first.ID)
		if err != nil || v.State != domain.TransferUnlocked || v.UnlockedBy != "KUNDTJANST" {
			t.Fatalf("unlock: %+v %v", v, err)
		}
		_, err = srv.Svc.UnlockTransfer(ctx, ks, first.ID)
		wantCode(t, err, domain.EConflict)
		msgs, _ := srv.Svc.Messages(ctx, lno)
		if len(msgs) == 0 || !contains(msgs[0].Subject, "upplåst") {
			t.Errorf("sender's newest message: %+v", msgs)
		}
		if c := currentHolding(t, srv, "TU2"); c.ID != f.Cushion {
			t.Errorf("unlocking moved the cushion: %+v", c)
		}
		// The holding is free again.
		if _, _, err := srv.Svc.SendTransfer(ctx, lno, service.TransferInput{ToPrescriber: "K082KBN", RecipientPersonnummer: "191212121212", Holdings: ids(f.Cushion)}); err != nil {
			t.Errorf("send again after unlock: %v", err)
		}
	})
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0))
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// TestTransferAcknowledgeRace answers the same transfer from two tabs at the same
// moment, many times: exactly one answer counts and the holdings move once.
func TestTransferAcknowledgeRace(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		setupTransfers(t, srv)
		users := []*service.Actor{actorOf(t, srv, "K082LNO"), actorOf(t, srv, "K082KBN")}
		iterations := 25
		if testing.Short() {
			iterations = 5
		}
		for i := 0; i < iterations; i++ {
			from, to := users[i%2], users[(i+1)%2]
			before := currentHolding(t, srv, "TU1")
			v, _, err := srv.Svc.SendTransfer(ctx, from, service.TransferInput{ToPrescriber: to.Username, RecipientPersonnummer: "191212121212", Units: []string{"TU1"}})
			if err != nil {
				t.Fatalf("iteration %d: send: %v", i, err)
			}
			var wg sync.WaitGroup
			errs := make([]error, 4)
			start := make(chan struct{})
			for g := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					// Tabs disagree: two say Ja, two say Nej. Whatever wins, it wins alone.
					_, errs[g] = srv.Svc.AcknowledgeTransfer(ctx, to, v.ID, service.AcknowledgeInput{Approve: g%2 == 0, Customer: "2990"})
				}()
			}
			close(start)
			wg.Wait()
			ok := 0
			for _, err := range errs {
				if err == nil {
					ok++
				} else if domain.ErrorCode(err) != domain.EConflict {
					t.Fatalf("iteration %d: unexpected error %v", i, err)
				}
			}
			if ok != 1 {
				t.Fatalf("iteration %d: %d answers counted, want exactly 1 (%v)", i, ok, errs)
			}
			got, err := srv.Svc.Transfer(ctx, to, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			var current, openItems int
			srv.DB.Read().Get(ctx, "SELECT COUNT(*) FROM holdings WHERE (unit_number = 'TU1' OR attached_unit = 'TU1') AND end_date IS NULL", nil, &current)
			srv.DB.Read().Get(ctx, "SELECT COUNT(*) FROM transfer_items WHERE open AND transfer_id = ?", []any{v.ID}, &openItems)
			if current != 2 || openItems != 0 {
				t.Fatalf("iteration %d: %d current holdings of TU1 and its armrest (want 2), %d open transfer items (want 0)", i, current, openItems)
			}
			after := currentHolding(t, srv, "TU1")
			switch got.State {
			case domain.TransferAccepted:
				if after.ID == before.ID || after.PrescriberID != to.ID {
					t.Fatalf("iteration %d: accepted but the wheelchair did not move: %+v", i, after)
				}
			case domain.TransferRejected:
				if after.ID != before.ID {
					t.Fatalf("iteration %d: rejected but the wheelchair moved", i)
				}
			default:
				t.Fatalf("iteration %d: state %s", i, got.State)
			}
		}
	})
}

// TestTransferSendRace sends the same holding twice at the same moment: one transfer is created.
func TestTransferSendRace(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		f := setupTransfers(t, srv)
		lno := actorOf(t, srv, "K082LNO")
		var wg sync.WaitGroup
		errs := make([]error, 4)
		start := make(chan struct{})
		for g := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, _, errs[g] = srv.Svc.SendTransfer(ctx, lno, service.TransferInput{ToPrescriber: "K082KBN", RecipientPersonnummer: "191212121212", Holdings: ids(f.Cushion)})
			}()
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if domain.ErrorCode(err) != domain.EConflict {
				t.Fatalf("unexpected error %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d transfers created, want 1: %v", ok, errs)
		}
	})
}

func TestTransferLocalStore(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		setupTransfers(t, srv)
		lno := actorOf(t, srv, "K082LNO")
		src, err := srv.Svc.TransferSource(ctx, lno, "", "TU3", "")
		selected := 0
		if src != nil {
			for _, h := range src.Holdings {
				if src.Selected[h.ID] && h.Unit == "TU3" {
					selected++
				}
			}
		}
		if err != nil || src.From.Customer != "1464" || !src.From.LocalStore || len(src.Selected) != 1 || selected != 1 {
			t.Fatalf("send form from the unit card of TU3: %+v %v", src, err)
		}
		// From the store to a patient, addressed to oneself; no patient-to-patient confirmation.
		plan, err := srv.Svc.PlanTransfer(ctx, lno, service.TransferInput{ToPrescriber: "K082LNO", RecipientPersonnummer: "191212121212", Units: []string{"TU3"}})
		if err != nil || plan.PatientToPatient || !plan.FromLocalStore || plan.To.Name != "Svensson, Testare" {
			t.Fatalf("plan: %+v %v", plan, err)
		}
		v, _, err := srv.Svc.SendTransfer(ctx, lno, service.TransferInput{ToPrescriber: "K082LNO", RecipientPersonnummer: "191212121212", Units: []string{"TU3"}})
		if err != nil {
			t.Fatalf("send: %v", err)
		}
		lists, _ := srv.Svc.TransferLists(ctx, lno)
		// Unanswered also holds the demo's BMB on day 5 (demo.DueTransferUnit).
		if len(lists.Incoming) != 1 || len(lists.Unanswered) != 2 {
			t.Fatalf("the sender is also the receiver: %+v", lists)
		}
		// She is linked to 2990 and 1464: the customer must be chosen.
		_, err = srv.Svc.AcknowledgeTransfer(ctx, lno, v.ID, service.AcknowledgeInput{Approve: true})
		wantCode(t, err, domain.EInvalid)
		_, err = srv.Svc.AcknowledgeTransfer(ctx, lno, v.ID, service.AcknowledgeInput{Approve: true, Customer: "3110"})
		wantCode(t, err, domain.EInvalid)
		v, err = srv.Svc.AcknowledgeTransfer(ctx, lno, v.ID, service.AcknowledgeInput{Approve: true, Customer: "2990"})
		if err != nil || !v.FromLocalStore {
			t.Fatalf("acknowledge: %v", err)
		}
		h := currentHolding(t, srv, "TU3")
		if h.RecipientPersonnummer != "191212121212" || h.Customer != "2990" || h.Payer != "2990" {
			t.Errorf("TU3 now: %+v", h)
		}
	})
}

func TestTransferSendRules(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		f := setupTransfers(t, srv)
		lno, kbn := actorOf(t, srv, "K082LNO"), actorOf(t, srv, "K082KBN")
		if err := srv.DB.Transact(ctx, func(q *store.Q) error {
			id, err := q.CreateUser(ctx, domain.NewUser{Username: "K082OLD", Name: "Slutat", PasswordHash: "x",
				CanPrescribe: true, Roles: []domain.Role{domain.RolePrescriber}}, t0)
			if err != nil {
				return err
			}
			return q.SetUserActive(ctx, id, false)
		}); err != nil {
			t.Fatal(err)
		}
		base := service.TransferInput{ToPrescriber: "K082KBN", RecipientPersonnummer: "191212121212", Holdings: ids(f.Cushion)}
		tests := []struct {
			name  string
			edit  func(in *service.TransferInput)
			code  domain.Code
			field string
		}{
			{"unknown prescriber", func(in *service.TransferInput) { in.ToPrescriber = "K082XXX" }, domain.EInvalid, "toPrescriber"},
			{"inactive prescriber", func(in *service.TransferInput) { in.ToPrescriber = "k082old" }, domain.EInvalid, "toPrescriber"},
			{"not a prescriber", func(in *service.TransferInput) { in.ToPrescriber = "LAGER" }, domain.EInvalid, "toPrescriber"},
			{"no prescriber", func(in *service.TransferInput) { in.ToPrescriber = "" }, domain.EInvalid, "toPrescriber"},
			{"wrong check digit", func(in *service.TransferInput) { in.RecipientPersonnummer = "191212121213" }, domain.EInvalid, "recipient"},
			{"eleven digits", func(in *service.TransferInput) { in.RecipientPersonnummer = "19121212121" }, domain.EInvalid, "recipient"},
			{"not in the registry", func(in *service.TransferInput) { in.RecipientPersonnummer = "198002023458" }, domain.EInvalid, "recipient"},
			{"unknown care unit", func(in *service.TransferInput) { in.RecipientPersonnummer, in.RecipientCustomer = "", "9999" }, domain.EInvalid, "recipient"},
			{"no recipient", func(in *service.TransferInput) { in.RecipientPersonnummer = "" }, domain.EInvalid, "recipient"},
			{"bad date", func(in *service.TransferInput) { in.BMBDate = "5 nov" }, domain.EInvalid, "bmbDate"},
			{"before rent start", func(in *service.TransferInput) { in.BMBDate = "2026-01-01" }, domain.EInvalid, "bmbDate"},
			{"nothing ticked", func(in *service.TransferInput) { in.Holdings = nil }, domain.EInvalid, "holdings"},
			{"component alone", func(in *service.TransferInput) { in.Holdings = ids(f.Armrest) }, domain.EInvalid, "holdings"},
			{"two holders", func(in *service.TransferInput) { in.Holdings = ids(f.Cushion, f.StoreCushion) }, domain.EInvalid, "holdings"},
			{"patient to patient unconfirmed", func(in *service.TransferInput) { in.RecipientPersonnummer = otherPatient }, domain.EInvalid, "confirmPatientToPatient"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				in := base
				tc.edit(&in)
				_, _, err := srv.Svc.SendTransfer(ctx, lno, in)
				wantCode(t, err, tc.code)
				de := err.(*domain.Error)
				if de.Fields[tc.field] == "" {
					t.Errorf("no message at %s: %+v", tc.field, de)
				}
			})
		}
		// K082KBN is not linked to 1464: she cannot send what the local store holds.
		_, _, err := srv.Svc.SendTransfer(ctx, kbn, service.TransferInput{ToPrescriber: "K082LNO", RecipientPersonnummer: "191212121212", Holdings: ids(f.StoreCushion)})
		wantCode(t, err, domain.EForbidden)
		// Patient to patient with the confirmation; the protected patient's address stays hidden in the plan's use.
		plan, err := srv.Svc.PlanTransfer(ctx, lno, service.TransferInput{ToPrescriber: "K082KBN", RecipientPersonnummer: protectedPatient, Holdings: ids(f.Cushion)})
		if err != nil || !plan.PatientToPatient || !plan.To.Protected {
			t.Fatalf("plan to a protected patient: %+v %v", plan, err)
		}
		var flagged int
		srv.DB.Read().Get(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'person.view' AND personnummer = ? AND protected AND username = 'K082LNO'",
			[]any{protectedPatient}, &flagged)
		if flagged != 1 {
			t.Errorf("the summary's look-up of the protected patient was logged %d times (flagged), want 1", flagged)
		}
		v, _, err := srv.Svc.SendTransfer(ctx, lno, service.TransferInput{ToPrescriber: "K082KBN", RecipientPersonnummer: otherPatient,
			Holdings: ids(f.Cushion), ConfirmPatientToPatient: true})
		if err != nil || !v.PatientToPatient {
			t.Fatalf("confirmed patient to patient: %v", err)
		}
		if _, err := srv.Svc.AcknowledgeTransfer(ctx, kbn, v.ID, service.AcknowledgeInput{Approve: true, Customer: "3110"}); err != nil {
			t.Fatalf("accept: %v", err)
		}
		if h := currentHolding(t, srv, "TU2"); h.RecipientPersonnummer != otherPatient {
			t.Errorf("TU2 now held by %s", h.RecipientPersonnummer)
		}
	})
}

// TestTransferHoldingReturnedBeforeAcceptance: a holding returned after the transfer
// was sent cannot be taken over; nothing changes and the receiver can still say Nej.
func TestTransferHoldingReturnedBeforeAcceptance(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		f := setupTransfers(t, srv)
		lno, kbn := actorOf(t, srv, "K082LNO"), actorOf(t, srv, "K082KBN")
		v, _, err := srv.Svc.SendTransfer(ctx, lno, service.TransferInput{ToPrescriber: "K082KBN", RecipientPersonnummer: "191212121212", Holdings: ids(f.Cushion)})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.DB.Transact(ctx, func(q *store.Q) error {
			_, err := q.Exec(ctx, "UPDATE holdings SET end_date = '2026-11-02', end_reason = 'returned' WHERE id = ?", f.Cushion)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		_, err = srv.Svc.AcknowledgeTransfer(ctx, kbn, v.ID, service.AcknowledgeInput{Approve: true, Customer: "2990"})
		wantCode(t, err, domain.EConflict)
		if got, _ := srv.Svc.Transfer(ctx, kbn, v.ID); got.State != domain.TransferSent {
			t.Fatalf("after a refused acceptance: %s", got.State)
		}
		var n int
		srv.DB.Read().Get(ctx, "SELECT COUNT(*) FROM holdings WHERE unit_number = 'TU2'", nil, &n)
		if n != 1 {
			t.Errorf("%d holdings of TU2, want 1 (nothing created)", n)
		}
		if _, err := srv.Svc.AcknowledgeTransfer(ctx, kbn, v.ID, service.AcknowledgeInput{Approve: false}); err != nil {
			t.Errorf("reject: %v", err)
		}
	})
}
