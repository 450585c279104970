package demo

import (
	"bytes"
	"fmt"
	"hjalpmedel/internal/domain"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// TestPatientArticles are the articles the test patient holds: each has a
// picture and a user manual, so that Artikelinformation shows what the manual
// promises ("här finns t.ex. bild och bruksanvisning på det aktuella hjälpmedlet").
var TestPatientArticles = []string{"10156", "10680", "15014", "15749", "23993", "25800"}

// articleFiles stores a drawn picture and a one-page user manual for each of
// TestPatientArticles. Both are made here, small (a few kB each): a pictogram
// PNG and a PDF in the PDF core fonts, which need no embedded font.
func (l *loader) articleFiles() {
	for _, num := range TestPatientArticles {
		if l.err != nil {
			return
		}
		a, ok := l.articles[num]
		if !ok {
			l.err = fmt.Errorf("demo article files: article %s is not in the catalogue", num)
			return
		}
		pic, err := articlePicture(num)
		if err != nil {
			l.err = err
			return
		}
		manual, err := articleManual(a, l.now)
		if err != nil {
			l.err = err
			return
		}
		for _, f := range []domain.ArticleFile{
			{Kind: "picture", Filename: num + ".png", ContentType: "image/png", Data: pic},
			{Kind: "manual", Filename: "bruksanvisning-" + num + ".pdf", ContentType: "application/pdf", Data: manual},
		} {
			if l.err = l.q.PutArticleFile(l.ctx, num, f, l.now); l.err != nil {
				return
			}
		}
	}
}

// articlePicture draws a pictogram on a framed card with the article number.
func articlePicture(number string) ([]byte, error) {
	const w, h = 240, 160
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{
		color.White, color.RGBA{0x1d, 0x4e, 0x89, 0xff}, color.RGBA{0xdd, 0xe7, 0xf3, 0xff}})
	draw.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{0x1d, 0x4e, 0x89, 0xff}), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(8, 8, w-8, h-8), image.NewUniform(color.RGBA{0xdd, 0xe7, 0xf3, 0xff}), image.Point{}, draw.Src)
	// A wheelchair pictogram: big wheel, small front wheel, backrest, seat.
	blue := image.NewUniform(color.RGBA{0x1d, 0x4e, 0x89, 0xff})
	ring := func(cx, cy, r, thick int) {
		for y := cy - r; y <= cy+r; y++ {
			for x := cx - r; x <= cx+r; x++ {
				if d := (x-cx)*(x-cx) + (y-cy)*(y-cy); d <= r*r && d >= (r-thick)*(r-thick) {
					img.Set(x, y, blue.C)
				}
			}
		}
	}
	ring(85, 105, 34, 6)
	ring(150, 128, 11, 4)
	draw.Draw(img, image.Rect(56, 28, 64, 92), blue, image.Point{}, draw.Src)    // backrest
	draw.Draw(img, image.Rect(56, 84, 150, 92), blue, image.Point{}, draw.Src)   // seat
	draw.Draw(img, image.Rect(142, 84, 150, 118), blue, image.Point{}, draw.Src) // front frame
	draw.Draw(img, image.Rect(40, 28, 64, 35), blue, image.Point{}, draw.Src)    // push handle
	d := font.Drawer{Dst: img, Src: blue, Face: basicfont.Face7x13,
		Dot: fixed.P(165, 45)}
	d.DrawString(number)
	var b bytes.Buffer
	err := png.Encode(&b, img)
	return b.Bytes(), err
}

// articleManual writes a one-page user manual for an article.
func articleManual(a article, now time.Time) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetTitle("Bruksanvisning "+a.Number, true)
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252: the Swedish letters in the core fonts
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 18)
	pdf.MultiCell(0, 9, tr("Bruksanvisning"), "", "L", false)
	pdf.SetFont("Helvetica", "B", 13)
	pdf.MultiCell(0, 7, tr(a.Number+" "+a.Name), "", "L", false)
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "", 11)
	for _, p := range []string{
		"Leverantör: " + a.Supplier + ".",
		"Läs hela bruksanvisningen innan du använder hjälpmedlet första gången, och spara den.",
		"Användning: hjälpmedlet är förskrivet till dig personligen. Använd det bara på det sätt förskrivaren har visat.",
		"Skötsel: rengör med mild tvållösning och torka torrt. Kontrollera regelbundet att inga delar är lösa eller skadade.",
		"Fel och skador: använd inte ett trasigt hjälpmedel. Kontakta din förskrivare, som gör en arbetsorder till Länsservice.",
		"Återlämning: när behovet upphört hämtas hjälpmedlet via förskrivaren (hämtorder). Det rengörs, kontrolleras och lånas ut igen.",
	} {
		pdf.MultiCell(0, 6, tr(p), "", "L", false)
		pdf.Ln(2)
	}
	var b bytes.Buffer
	err := pdf.Output(&b)
	return b.Bytes(), err
}
