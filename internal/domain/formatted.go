package domain

import (
	"encoding/json"
	"fmt"
)

// A Formatted message is stored (a notification waiting in an inbox) as its
// format and typed arguments, so it can be shown later in the reader's
// language: {"f": "Arbetsorder %s har avslutats", "a": [{"s": "2600012"}]}.
// A Term argument is kept as a term, a nested message as a message.

type formattedJSON struct {
	Format string    `json:"f"`
	Args   []argJSON `json:"a,omitempty"`
}

type argJSON struct {
	S *string    `json:"s,omitempty"` // text that is not translated
	T *string    `json:"t,omitempty"` // a Term
	N *int64     `json:"n,omitempty"` // a whole number
	F *Formatted `json:"f,omitempty"` // a nested message
	X *float64   `json:"x,omitempty"` // another number
}

// MarshalJSON keeps the format and each argument with its kind.
func (f Formatted) MarshalJSON() ([]byte, error) {
	out := formattedJSON{Format: f.Format}
	for _, a := range f.Args {
		var j argJSON
		switch a := a.(type) {
		case Term:
			s := string(a)
			j.T = &s
		case Formatted:
			j.F = &a
		case int:
			n := int64(a)
			j.N = &n
		case int64:
			j.N = &a
		case float64:
			j.X = &a
		default:
			s := fmt.Sprint(a)
			j.S = &s
		}
		out.Args = append(out.Args, j)
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (f *Formatted) UnmarshalJSON(b []byte) error {
	var in formattedJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*f = Formatted{Format: in.Format}
	for _, a := range in.Args {
		switch {
		case a.T != nil:
			f.Args = append(f.Args, Term(*a.T))
		case a.F != nil:
			f.Args = append(f.Args, *a.F)
		case a.N != nil:
			f.Args = append(f.Args, *a.N)
		case a.X != nil:
			f.Args = append(f.Args, *a.X)
		case a.S != nil:
			f.Args = append(f.Args, *a.S)
		default:
			f.Args = append(f.Args, "")
		}
	}
	return nil
}
