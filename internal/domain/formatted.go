package domain

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
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
	S *string        `json:"s,omitempty"` // text that is not translated
	T *string        `json:"t,omitempty"` // a Term
	N *int64         `json:"n,omitempty"` // a whole number
	F *formattedJSON `json:"f,omitempty"` // a nested message
	X *float64       `json:"x,omitempty"` // another number
}

// MarshalJSON keeps the format and each argument with its kind.
func (f Formatted) MarshalJSON() ([]byte, error) {
	return f.AppendJSON(nil)
}

// AppendJSON appends what MarshalJSON writes, byte for byte, without
// encoding/json's reflection (every order line stores its reasons).
func (f Formatted) AppendJSON(b []byte) ([]byte, error) {
	b = appendJSONString(append(b, `{"f":`...), f.Format)
	if len(f.Args) > 0 {
		b = append(b, `,"a":[`...)
		for i, a := range f.Args {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			switch a := a.(type) {
			case Term:
				b = appendJSONString(append(b, `{"t":`...), string(a))
			case Formatted:
				b, err = a.AppendJSON(append(b, `{"f":`...))
			case string:
				b = appendJSONString(append(b, `{"s":`...), a)
			case int:
				b = strconv.AppendInt(append(b, `{"n":`...), int64(a), 10)
			case int64:
				b = strconv.AppendInt(append(b, `{"n":`...), a, 10)
			case float64:
				var x []byte
				x, err = json.Marshal(a)
				b = append(append(b, `{"x":`...), x...)
			default:
				b = appendJSONString(append(b, `{"s":`...), fmt.Sprint(a))
			}
			if err != nil {
				return nil, err
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

// appendJSONString appends s as encoding/json writes it: text that needs no
// escaping as it is, the rest through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return appendJSONEscaped(b, s)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == '\u2028' || r == '\u2029' {
			return appendJSONEscaped(b, s)
		}
		i += n
	}
	return append(append(append(b, '"'), s...), '"')
}

func appendJSONEscaped(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (f *Formatted) UnmarshalJSON(b []byte) error {
	var in formattedJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*f = in.formatted()
	return nil
}

// formatted is the message read, nested messages with it: one pass of the
// decoder, not one per nesting level.
func (in formattedJSON) formatted() Formatted {
	f := Formatted{Format: in.Format}
	for _, a := range in.Args {
		switch {
		case a.T != nil:
			f.Args = append(f.Args, Term(*a.T))
		case a.F != nil:
			f.Args = append(f.Args, a.F.formatted())
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
	return f
}
