package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

// A backup taken while prescribers place orders opens, passes
// PRAGMA integrity_check and holds every order confirmed before it began.
func TestBackupDuringOrderLoad(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "hjalpmedel.db")
	db, err := openDB(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := loadDemo(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	srv := testserver.Start(t, testserver.SharedDB(db))
	token := func() string {
		b, _ := json.Marshal(map[string]string{"username": "K082LNO", "password": demo.Password})
		rp, err := http.Post(srv.URL+"/api/v1/login", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer rp.Body.Close()
		var out struct{ Token string }
		json.NewDecoder(rp.Body).Decode(&out)
		return out.Token
	}()

	var mu sync.Mutex
	type confirmed struct {
		number string
		at     time.Time
	}
	var orders []confirmed
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body, _ := json.Marshal(map[string]any{"recipient": map[string]string{"personnummer": demo.TestPatient}, "customer": "2990",
					"lines": []map[string]any{{"article": "25052"}}, "idempotencyKey": fmt.Sprintf("backup-%d-%d", c, i)})
				rq, _ := http.NewRequest("POST", srv.URL+"/api/v1/orders", bytes.NewReader(body))
				rq.Header.Set("Authorization", "Bearer "+token)
				rq.Header.Set("Content-Type", "application/json")
				rp, err := http.DefaultClient.Do(rq)
				if err != nil {
					t.Error(err)
					return
				}
				var out struct{ Number string }
				json.NewDecoder(rp.Body).Decode(&out)
				rp.Body.Close()
				if rp.StatusCode != 201 {
					t.Errorf("order: %d", rp.StatusCode)
					return
				}
				mu.Lock()
				orders = append(orders, confirmed{out.Number, time.Now()})
				mu.Unlock()
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	backup := filepath.Join(t.TempDir(), "backup.db")
	began := time.Now()
	var out strings.Builder
	err = runBackup(ctx, []string{"--db", file, backup}, &out)
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "backup of") {
		t.Errorf("output: %q", out.String())
	}

	copy, err := store.Open(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	defer copy.Close()
	var check string
	if err := copy.Read().Get(ctx, "PRAGMA integrity_check", nil, &check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	before, after := 0, 0
	for _, o := range orders {
		var n int
		if err := copy.Read().Get(ctx, "SELECT COUNT(*) FROM orders WHERE number = ?", []any{o.number}, &n); err != nil {
			t.Fatal(err)
		}
		if o.at.Before(began) {
			before++
			if n != 1 {
				t.Errorf("order %s, confirmed before the backup began, is not in it", o.number)
			}
		} else {
			after++
		}
	}
	if before == 0 || after == 0 {
		t.Fatalf("the load did not span the backup: %d orders before, %d after", before, after)
	}
	t.Logf("%d orders confirmed before the backup, %d after; %s", before, after, out.String())

	if err := runBackup(ctx, []string{"--db", file, backup}, &out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a backup over an existing file: %v", err)
	}
	if err := runBackup(ctx, []string{"--db", filepath.Join(t.TempDir(), "none.db"), backup + "2"}, &out); err == nil {
		t.Error("a backup of a missing database file succeeded")
	}
}
