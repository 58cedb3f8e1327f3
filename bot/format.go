package bot

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
)

// maxInline is the largest JSON shown in a message; larger goes into an attachment.
const maxInline = 2500

// object is a decoded JSON object from Clerk.
type object map[string]any

func (o object) str(key string) string {
	switch v := o[key].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

func (o object) boolean(key string) bool {
	b, _ := o[key].(bool)
	return b
}

// millis renders a Clerk timestamp (Unix milliseconds) as UTC minutes, or "" when absent.
func (o object) millis(key string) string {
	n, ok := o[key].(json.Number)
	if !ok {
		return ""
	}
	ms, err := n.Int64()
	if err != nil || ms <= 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04 UTC")
}

func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// formatResult turns a 2xx response into a reply. showPrivate reveals private metadata,
// which is hidden unless the person asked for it.
func formatResult(r *clerk.Request, resp *clerk.Response, showPrivate bool) Reply {
	title := r.Op.Summary
	if title == "" {
		title = r.Op.Key()
	}
	if len(bytes.TrimSpace(resp.Body)) == 0 {
		return Reply{Level: LevelSuccess, Title: title, Text: fmt.Sprintf("Done (HTTP %d).", resp.Status)}
	}
	if list, err := clerk.DecodeList(r, resp.Body); err == nil && isList(resp.Body) {
		return formatList(r, title, list, showPrivate)
	}
	v, err := decodeJSON(resp.Body)
	if err != nil {
		return Reply{Level: LevelWarning, Title: title, Text: "Clerk answered with something that is not JSON.",
			Attachments: []Attachment{{Name: "response.txt", Type: "text/plain", Data: resp.Body}}}
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return withJSON(Reply{Level: LevelSuccess, Title: title}, v)
	}
	o := object(obj)
	if !showPrivate {
		o = redactPrivate(o)
	}
	reply := Reply{Level: LevelSuccess, Title: cardTitle(o, title), Fields: summarize(o)}
	return withJSON(reply, map[string]any(o))
}

// isList reports whether a body is a bare array or a {data, total_count} page.
func isList(body []byte) bool {
	b := bytes.TrimSpace(body)
	if len(b) > 0 && b[0] == '[' {
		return true
	}
	var probe struct {
		Data json.RawMessage `json:"data"`
	}
	return json.Unmarshal(b, &probe) == nil && len(probe.Data) > 0 && probe.Data[0] == '['
}

// withJSON adds the full value: inline when short, as an attachment otherwise.
func withJSON(r Reply, v any) Reply {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return r
	}
	if len(data) <= maxInline {
		r.Code = append(r.Code, Code{Label: "json", Text: string(data)})
	} else {
		r.Attachments = append(r.Attachments, Attachment{Name: "response.json", Type: "application/json", Data: data})
	}
	return r
}

// redactPrivate hides private metadata, at the top level and in nested objects.
func redactPrivate(o object) object {
	out := make(object, len(o))
	for k, v := range o {
		if k == "private_metadata" {
			if m, ok := v.(map[string]any); ok && len(m) > 0 {
				out[k] = fmt.Sprintf("(hidden: %d keys; ask with \"private\" to see them)", len(m))
			}
			continue
		}
		if m, ok := v.(map[string]any); ok {
			out[k] = map[string]any(redactPrivate(m))
			continue
		}
		out[k] = v
	}
	return out
}

// summarize picks the fields a person looks for first, by the object's kind.
func summarize(o object) []Field {
	var f []Field
	add := func(label, value string) {
		if value != "" {
			f = append(f, Field{label, value})
		}
	}
	if o.boolean("deleted") {
		add("Deleted", o.str("id"))
		add("Kind", o.str("object"))
		add("Slug", o.str("slug"))
		return f
	}
	switch o.str("object") {
	case "total_count":
		add("Total", o.str("total_count"))
	case "user":
		add("ID", o.str("id"))
		add("Name", strings.TrimSpace(o.str("first_name")+" "+o.str("last_name")))
		add("Username", o.str("username"))
		add("Primary email", primaryEmail(o))
		add("Created", o.millis("created_at"))
		add("Last sign-in", o.millis("last_sign_in_at"))
		add("Status", userStatus(o))
		add("Public metadata", compact(o["public_metadata"]))
		if _, ok := o["private_metadata"].(map[string]any); ok {
			add("Private metadata", compact(o["private_metadata"]))
		}
	case "organization":
		add("ID", o.str("id"))
		add("Name", o.str("name"))
		add("Slug", o.str("slug"))
		add("Members", o.str("members_count"))
		add("Created", o.millis("created_at"))
		add("Public metadata", compact(o["public_metadata"]))
	default:
		for _, k := range []string{"id", "object", "status", "name", "email_address", "role", "user_id", "organization_id", "created_at", "expires_at", "url", "token"} {
			switch {
			case strings.HasSuffix(k, "_at"):
				add(k, o.millis(k))
			default:
				add(k, o.str(k))
			}
		}
	}
	return f
}

// cardTitle names a user or an organization ("User Jane Doe"); other objects keep the
// operation's summary.
func cardTitle(o object, fallback string) string {
	if o.boolean("deleted") {
		return fallback
	}
	switch o.str("object") {
	case "user":
		name := strings.TrimSpace(o.str("first_name") + " " + o.str("last_name"))
		if name == "" {
			name = cmp.Or(o.str("username"), primaryEmail(o), o.str("id"))
		}
		return "User " + name
	case "organization":
		return "Organization " + cmp.Or(o.str("name"), o.str("id"))
	}
	return fallback
}

func primaryEmail(o object) string {
	primary := o.str("primary_email_address_id")
	emails, _ := o["email_addresses"].([]any)
	for _, e := range emails {
		if m, ok := e.(map[string]any); ok && (primary == "" || object(m).str("id") == primary) {
			return object(m).str("email_address")
		}
	}
	return ""
}

func userStatus(o object) string {
	var s []string
	if o.boolean("banned") {
		s = append(s, "BANNED")
	}
	if o.boolean("locked") {
		s = append(s, "LOCKED")
	}
	if len(s) == 0 {
		return "active"
	}
	return strings.Join(s, ", ")
}

func compact(v any) string {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return ""
	}
	data, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	s := string(data)
	if len(s) > 300 {
		s = s[:299] + "…"
	}
	return s
}

// formatList shows a page of results as a table, with the total and the next page.
func formatList(r *clerk.Request, title string, l *clerk.List, showPrivate bool) Reply {
	reply := Reply{Level: LevelSuccess, Title: title}
	var rows []object
	for _, raw := range l.Items {
		v, err := decodeJSON(raw)
		if err != nil {
			continue
		}
		if m, ok := v.(map[string]any); ok {
			rows = append(rows, object(m))
		}
	}
	t := Table{Columns: columnsFor(rows)}
	for _, o := range rows {
		t.Rows = append(t.Rows, rowFor(t.Columns, o))
	}
	switch {
	case l.TotalKnown:
		t.Note = fmt.Sprintf("%d shown of %d", len(rows), l.Total)
	default:
		t.Note = fmt.Sprintf("%d shown", len(rows))
	}
	reply.Tables = []Table{t}
	if len(rows) == 1 && !l.TotalKnown || len(rows) == 1 && l.Total == 1 {
		// One match, as a look-up by name or email usually gives: show it in full.
		one := rows[0]
		if !showPrivate {
			one = redactPrivate(one)
		}
		reply.Tables = nil
		reply.Fields = summarize(one)
		reply.Title = cardTitle(one, title)
	}
	if next := l.NextRequest(r); next != nil {
		reply.Actions = append(reply.Actions, Action{Kind: ActionRun, Label: "Next page", Value: next.Method() + " " + next.URL("")})
	}
	if len(rows) == 0 {
		reply.Text = "Nothing found."
	}
	var all []any
	for _, o := range rows {
		if !showPrivate {
			o = redactPrivate(o)
		}
		all = append(all, map[string]any(o))
	}
	if len(all) > 0 {
		data, err := json.MarshalIndent(all, "", "  ")
		if err == nil && len(data) > maxInline {
			reply.Attachments = append(reply.Attachments, Attachment{Name: "results.json", Type: "application/json", Data: data})
		}
	}
	return reply
}

// columnsFor picks columns by the kind of the first item.
func columnsFor(rows []object) []string {
	if len(rows) == 0 {
		return []string{"id"}
	}
	switch rows[0].str("object") {
	case "user":
		return []string{"id", "name", "email", "created", "last sign-in", "status"}
	case "organization":
		return []string{"id", "name", "slug", "members", "created"}
	case "organization_membership":
		return []string{"id", "user", "role", "created"}
	case "invitation", "organization_invitation":
		return []string{"id", "email", "status", "role", "created"}
	case "session":
		return []string{"id", "user", "status", "last active"}
	}
	cols := []string{"id"}
	for _, k := range []string{"name", "email_address", "identifier", "status", "role", "slug", "url"} {
		if _, ok := rows[0][k]; ok {
			cols = append(cols, k)
		}
	}
	if _, ok := rows[0]["created_at"]; ok {
		cols = append(cols, "created")
	}
	return cols
}

func rowFor(cols []string, o object) []string {
	row := make([]string, len(cols))
	for i, c := range cols {
		switch c {
		case "name":
			row[i] = o.str("name")
			if row[i] == "" {
				row[i] = strings.TrimSpace(o.str("first_name") + " " + o.str("last_name"))
			}
		case "email":
			row[i] = primaryEmail(o)
			if row[i] == "" {
				row[i] = o.str("email_address")
			}
		case "created":
			row[i] = o.millis("created_at")
		case "last sign-in":
			row[i] = o.millis("last_sign_in_at")
		case "last active":
			row[i] = o.millis("last_active_at")
		case "status":
			if o.str("object") == "user" {
				row[i] = userStatus(o)
			} else {
				row[i] = o.str("status")
			}
		case "members":
			row[i] = o.str("members_count")
		case "user":
			row[i] = o.str("user_id")
			if pu, ok := o["public_user_data"].(map[string]any); ok && row[i] == "" {
				row[i] = object(pu).str("user_id")
			}
		default:
			row[i] = o.str(c)
		}
	}
	return row
}

// formatError turns an error from Clerk or from validation into a reply that says what
// to do.
func formatError(title string, err error) Reply {
	var api *clerk.APIError
	var invalid *clerk.ValidationError
	switch {
	case errors.As(err, &api):
		r := Reply{Level: LevelError, Title: title + " failed", Text: apiMessage(api)}
		r.Fields = append(r.Fields, Field{"Status", strconv.Itoa(api.Status)})
		if api.Code != "" {
			r.Fields = append(r.Fields, Field{"Code", api.Code})
		}
		if api.TraceID != "" {
			r.Fields = append(r.Fields, Field{"Trace id", api.TraceID})
		}
		return r
	case errors.As(err, &invalid):
		r := Reply{Level: LevelError, Title: "That request does not fit " + invalid.Op}
		r.Text = "• " + strings.Join(invalid.Problems, "\n• ")
		return r
	}
	return Reply{Level: LevelError, Title: title + " failed", Text: err.Error()}
}

func apiMessage(e *clerk.APIError) string {
	msg := e.LongMessage
	if msg == "" {
		msg = e.Message
	}
	if msg == "" {
		msg = e.Error()
	}
	switch {
	case errors.Is(e, clerk.ErrNotFound):
		msg += " Check the id, or look it up by email or name."
	case errors.Is(e, clerk.ErrUnauthorized):
		msg += " Check CLERK_SECRET_KEY."
	case errors.Is(e, clerk.ErrRateLimited):
		if !e.RetryAt.IsZero() {
			msg += " Try again after " + e.RetryAt.UTC().Format("15:04:05 UTC") + "."
		}
	}
	return msg
}

// sortedKeys returns a map's keys in order, for stable output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
