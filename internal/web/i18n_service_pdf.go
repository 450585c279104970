package web

func init() {
	addEnglish(map[string]string{
		"Arbetsorder som PDF": "Work order as PDF",
		"Hämtsedel som PDF":   "Pickup note as PDF",
	})
}
