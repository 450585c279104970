package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"hjalpmedel/internal/service"
	"hjalpmedel/internal/testserver"
)

// TestArticleSearchListsAPage: Sök artikel lists ArticleSearchLimit articles
// and says more match; a narrower search lists all its matches.
func TestArticleSearchListsAPage(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		var file strings.Builder
		file.WriteString("number,name,unitOfMeasure,isoCode,supplier,status,purpose\n")
		for i := 1; i <= service.ArticleSearchLimit+1; i++ {
			fmt.Fprintf(&file, "%d,Provartikel %d,st,122203,Etac Sverige AB,stocked,rent\n", 95000+i, i)
		}
		if _, err := srv.Svc.ImportCatalogCSV(ctx, actorOf(t, srv, "ADMIN"), []byte(file.String()), false); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			n    int
			more bool
		}{
			{"provart", service.ArticleSearchLimit, true},
			{"provart 10", 3, false}, // 10, 100, 101
		} {
			res, err := srv.Svc.SearchArticles(ctx, actorOf(t, srv, "K082LNO"), service.ArticleSearch{Name: c.name})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Articles) != c.n || res.More != c.more {
				t.Errorf("%q: %d articles, more %v; want %d, more %v", c.name, len(res.Articles), res.More, c.n, c.more)
			}
		}
	})
}
