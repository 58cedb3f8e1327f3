package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/clerkbot/clerkbot/bot"
	"github.com/clerkbot/clerkbot/clerk"
	"github.com/clerkbot/clerkbot/clerk/clerktest"
	"github.com/clerkbot/clerkbot/confirm"
	"github.com/clerkbot/clerkbot/store"
)

var (
	ann   = confirm.Actor{UserID: "UANN0001", TeamID: "T1", Name: "Ann"}   // asks; admin and approver
	bob   = confirm.Actor{UserID: "UBOB0001", TeamID: "T1", Name: "Bob"}   // approver
	carol = confirm.Actor{UserID: "UCAROL01", TeamID: "T1", Name: "Carol"} // member only
)

// world is an engine wired to real parts: the emulator, a bbolt file, the policy and
// the confirmation service.
type world struct {
	engine *bot.Engine
	clerk  *clerktest.Server
	db     *store.DB
	userID string
	orgID  string
}

func newWorld(t *testing.T, scopes string) *world {
	t.Helper()
	specs, err := clerktest.SharedSpecs()
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }
	srv := clerktest.NewServer(clerktest.WithClock(now))
	t.Cleanup(srv.Close)
	w := &world{clerk: srv}
	w.userID, err = srv.AddUser(clerktest.UserSeed{FirstName: "Jane", LastName: "Doe", Username: "jane",
		EmailAddresses: []string{"jane@acme.com"}, PrivateMetadata: map[string]any{"stripe_id": "cus_123"}})
	if err != nil {
		t.Fatal(err)
	}
	w.orgID, err = srv.AddOrganization(clerktest.OrganizationSeed{Name: "Acme Corp", Slug: "acme-corp"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Globex Labs", "Globex Labs Europe"} {
		if _, err := srv.AddOrganization(clerktest.OrganizationSeed{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	client, err := clerk.NewClient("sk_test_engine_fake", clerk.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	w.db, err = store.Open(filepath.Join(t.TempDir(), "clerkbot.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.db.Close() })
	policy, err := confirm.NewPolicy(confirm.PolicyConfig{
		TeamID:    "T1",
		Approvers: []confirm.ID{{User: ann.UserID}, {User: bob.UserID}},
		Admins:    []confirm.ID{{User: ann.UserID}},
		Scopes:    confirm.ParseScopes(scopes),
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := confirm.NewService(confirm.ServiceConfig{Store: w.db, Executor: client, Specs: specs, Approvals: policy, Now: now})
	w.engine = bot.NewEngine(bot.Config{Specs: specs, Clerk: client, Policy: policy, Confirmations: svc,
		Audit: w.db, Previewer: &confirm.Previewer{Clerk: client}, Now: now})
	return w
}

func (w *world) ask(who confirm.Actor, text string) bot.Reply {
	return w.engine.Handle(context.Background(), bot.Request{Who: who, Where: "C1", Text: text})
}

func (w *world) decide(who confirm.Actor, id string, approve bool) []bot.Reply {
	return w.engine.Decide(context.Background(), bot.Decision{Who: who, ID: id, Approve: approve})
}

func fieldValue(r bot.Reply, label string) string {
	for _, f := range r.Fields {
		if f.Label == label {
			return f.Value
		}
	}
	return ""
}

func TestEngineModes(t *testing.T) {
	w := newWorld(t, "read")
	tests := []struct {
		text, wantTitle, wantText string
	}{
		{"help", "clerkbot", ""},
		{"tags", "Clerk Backend API", ""},
		{"users", "Users", ""},
		{"GET /users/{user_id} help", "GET /users/{user_id}", "user_id"},
		{"what's the weather in Paris", "I can't do that", ""},
	}
	for _, tt := range tests {
		r := w.ask(carol, tt.text)
		if r.Title != tt.wantTitle || !strings.Contains(r.Text, tt.wantText) {
			t.Errorf("Handle(%q) = %q / %q, want title %q and text with %q", tt.text, r.Title, r.Text, tt.wantTitle, tt.wantText)
		}
		if len(r.Actions) > 0 && r.Actions[0].Kind == bot.ActionApprove {
			t.Errorf("Handle(%q) asked for approval", tt.text)
		}
	}
}

func TestEnginePrivateMetadataHidden(t *testing.T) {
	w := newWorld(t, "read")
	r := w.ask(carol, "get user "+w.userID)
	if got := fieldValue(r, "Name"); got != "Jane Doe" {
		t.Fatalf("Name = %q, reply %+v", got, r)
	}
	all := render(t, r)
	if strings.Contains(all, "cus_123") {
		t.Errorf("private metadata shown without being asked for:\n%s", all)
	}
	for _, text := range []string{"get user " + w.userID + " with private metadata", "get user " + w.userID + " --private", "show private metadata of user " + w.userID} {
		r = w.ask(carol, text)
		if !strings.Contains(render(t, r), "cus_123") {
			t.Errorf("Handle(%q): private metadata not shown when asked for:\n%s", text, render(t, r))
		}
	}
}

func render(t *testing.T, r bot.Reply) string {
	t.Helper()
	var b strings.Builder
	if err := bot.RenderText(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, a := range r.Attachments {
		b.Write(a.Data)
	}
	return b.String()
}

// TestEngineTwoStepPlan: "create org X and invite Y as admin" asks for the first write,
// then, once it ran, asks for the second with the new organization's id filled in.
func TestEngineTwoStepPlan(t *testing.T) {
	w := newWorld(t, "read write delete")
	card := w.ask(ann, "create a new organization called 'Initech' and invite peter@initech.com as an admin")
	if card.ConfirmationID == "" {
		t.Fatalf("no confirmation for the first write: %+v", card)
	}
	if !strings.Contains(card.Text, "1 more step") {
		t.Errorf("card does not say more steps follow: %q", card.Text)
	}
	replies := w.decide(bob, card.ConfirmationID, true)
	if len(replies) != 2 {
		t.Fatalf("Decide gave %d replies, want the result and the next card: %+v", len(replies), replies)
	}
	next := replies[1]
	if next.ConfirmationID == "" || !strings.Contains(render(t, next), "peter@initech.com") {
		t.Fatalf("second reply is not the invitation's card:\n%s", render(t, next))
	}
	org, ok := w.clerk.Organization("initech")
	if !ok {
		t.Fatalf("the organization was not created")
	}
	if !strings.Contains(render(t, next), org["id"].(string)+"/invitations") {
		t.Errorf("the invitation is not for the new organization %v:\n%s", org["id"], render(t, next))
	}
	final := w.decide(bob, next.ConfirmationID, true)
	if len(final) != 1 || final[0].Level != bot.LevelSuccess {
		t.Fatalf("invitation result = %+v", final)
	}
}

// TestEngineReadFirst: "bump the lifetime of jtmp_… to 300" is a PATCH that Clerk
// takes only with name and claims. The engine reads the template, the card shows the
// whole body with the template's own name and claims, and approval changes only the
// lifetime.
func TestEngineReadFirst(t *testing.T) {
	w := newWorld(t, "read write delete")
	claims := map[string]any{"email": "{{user.primary_email_address}}", "org": "{{org.slug}}"}
	id, err := w.clerk.AddJWTTemplate("hasura", claims)
	if err != nil {
		t.Fatal(err)
	}
	card := w.ask(ann, "bump the lifetime of jwt template "+id+" to 300 seconds")
	text := render(t, card)
	if card.ConfirmationID == "" {
		t.Fatalf("no confirmation for the change:\n%s", text)
	}
	for _, want := range []string{`"name":"hasura"`, `"org":"{{org.slug}}"`, `"lifetime":300`} {
		if !strings.Contains(strings.ReplaceAll(text, " ", ""), want) {
			t.Errorf("card does not show %s:\n%s", want, text)
		}
	}
	if strings.Contains(text, "$steps[") {
		t.Errorf("card shows a reference instead of the value read:\n%s", text)
	}
	replies := w.decide(bob, card.ConfirmationID, true)
	if len(replies) != 1 || replies[0].Level != bot.LevelSuccess {
		t.Fatalf("approval gave %+v", replies)
	}
	got, ok := w.clerk.JWTTemplate(id)
	if !ok {
		t.Fatalf("template %s is gone", id)
	}
	if fmt.Sprint(got["lifetime"]) != "300" {
		t.Errorf("lifetime = %v, want 300", got["lifetime"])
	}
	if got["name"] != "hasura" {
		t.Errorf("name = %v, want hasura unchanged", got["name"])
	}
	if c, _ := got["claims"].(map[string]any); c["org"] != "{{org.slug}}" || c["email"] != "{{user.primary_email_address}}" {
		t.Errorf("claims = %v, want %v unchanged", got["claims"], claims)
	}

	// A template that does not exist stops at the read: nothing to approve.
	missing := w.ask(ann, "bump the lifetime of jwt template jtmp_2Bq7YwKe4LmNx9RtVc3HpZs8JdF to 300 seconds")
	if missing.ConfirmationID != "" || missing.Level != bot.LevelError || !strings.Contains(render(t, missing), "No JWT template was found") {
		t.Errorf("a missing template gave %+v, want an error and no card", missing)
	}
}

// TestEngineCountryList: Clerk replaces the SMS country blocklist whole. Blocking a
// country reads the list and sends it back with the country added (once), and
// unblocking sends it back without; every other country stays blocked.
func TestEngineCountryList(t *testing.T) {
	w := newWorld(t, "read write delete")
	if err := w.clerk.SetBlockedCountryCodes([]string{"IR", "KP"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		text, card string
		want       []string
	}{
		{"toll fraud spike, block sms to RU and NG", `["IR","KP","RU","NG"]`, []string{"IR", "KP", "NG", "RU"}},
		{"block SMS to Iran and Russia too", `["IR","KP","NG","RU"]`, []string{"IR", "KP", "NG", "RU"}},
		{"unblock sms to KP please, false positive", `["IR","NG","RU"]`, []string{"IR", "NG", "RU"}},
	} {
		card := w.ask(ann, tt.text)
		text := render(t, card)
		if card.ConfirmationID == "" {
			t.Fatalf("%q: no confirmation:\n%s", tt.text, text)
		}
		if !strings.Contains(text, `{"blocked_country_codes":`+tt.card+`}`) {
			t.Errorf("%q: card does not send %s:\n%s", tt.text, tt.card, text)
		}
		if replies := w.decide(bob, card.ConfirmationID, true); len(replies) != 1 || replies[0].Level != bot.LevelSuccess {
			t.Fatalf("%q: approval gave %+v", tt.text, replies)
		}
		if got := w.clerk.BlockedCountryCodes(); !slices.Equal(got, tt.want) {
			t.Errorf("%q: blocked %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestEngineJoinedChanges: "lock X and ban them" is two writes, each with its own
// approval; denying the first drops the second.
func TestEngineJoinedChanges(t *testing.T) {
	w := newWorld(t, "read write delete")
	card := w.ask(ann, "lock "+w.userID+" and ban them")
	if card.ConfirmationID == "" || !strings.Contains(card.Text, "1 more step") {
		t.Fatalf("want the lock's card saying one more step follows: %+v", card)
	}
	replies := w.decide(bob, card.ConfirmationID, true)
	if len(replies) != 2 || replies[1].ConfirmationID == "" {
		t.Fatalf("after approving the lock, want its result and the ban's card: %+v", replies)
	}
	if !strings.Contains(render(t, replies[1]), w.userID+"/ban") {
		t.Errorf("second card is not the ban of %s:\n%s", w.userID, render(t, replies[1]))
	}
	if final := w.decide(bob, replies[1].ConfirmationID, true); len(final) != 1 || final[0].Level != bot.LevelSuccess {
		t.Fatalf("ban result = %+v", final)
	}
	u, ok := w.clerk.User(w.userID)
	if !ok || u["locked"] != true || u["banned"] != true {
		t.Errorf("user after both changes: locked=%v banned=%v", u["locked"], u["banned"])
	}

	card = w.ask(ann, "unlock "+w.userID+" and unban them")
	if card.ConfirmationID == "" {
		t.Fatalf("no card for the unlock: %+v", card)
	}
	if replies := w.decide(bob, card.ConfirmationID, false); len(replies) != 1 || replies[0].ConfirmationID != card.ConfirmationID || !strings.Contains(replies[0].Title, "denied") {
		t.Fatalf("denying the first change must not ask for the second: %+v", replies)
	}
	if u, _ := w.clerk.User(w.userID); u["locked"] != true || u["banned"] != true {
		t.Errorf("a denied plan changed the user: locked=%v banned=%v", u["locked"], u["banned"])
	}
}

// TestEngineChangeOnSeveralAddresses: "lock a and b" by email is a look-up and a lock
// for each; after the first lock is approved, the second user is looked up and its
// lock asked for, with the reference pointing at that second look-up.
func TestEngineChangeOnSeveralAddresses(t *testing.T) {
	w := newWorld(t, "read write delete")
	bobID, err := w.clerk.AddUser(clerktest.UserSeed{FirstName: "Rob", Username: "rob_k", EmailAddresses: []string{"rob@acme.com"}})
	if err != nil {
		t.Fatal(err)
	}
	card := w.ask(ann, "lock jane@acme.com and rob@acme.com")
	if card.ConfirmationID == "" || !strings.Contains(render(t, card), w.userID+"/lock") {
		t.Fatalf("want Jane's lock card first:\n%s", render(t, card))
	}
	replies := w.decide(bob, card.ConfirmationID, true)
	if len(replies) != 2 || replies[1].ConfirmationID == "" || !strings.Contains(render(t, replies[1]), bobID+"/lock") {
		t.Fatalf("after Jane's lock, want Rob's lock card: %+v", replies)
	}
	if final := w.decide(bob, replies[1].ConfirmationID, true); len(final) != 1 || final[0].Level != bot.LevelSuccess {
		t.Fatalf("Rob's lock = %+v", final)
	}
	for _, id := range []string{w.userID, bobID} {
		if u, _ := w.clerk.User(id); u["locked"] != true {
			t.Errorf("user %s is not locked", id)
		}
	}
}

func TestEngineAmbiguousLookup(t *testing.T) {
	w := newWorld(t, "read write delete")
	r := w.ask(ann, "delete organization 'Globex Labs'")
	if r.ConfirmationID != "" {
		t.Fatalf("a delete was proposed for an ambiguous name: %+v", r)
	}
	if len(r.Tables) != 1 || len(r.Tables[0].Rows) != 2 {
		t.Errorf("want the two matches listed, got %+v", r)
	}
	// A user named by free text: one match is proposed, two are listed.
	card := w.ask(ann, "lock user Doe")
	if card.ConfirmationID == "" || !strings.Contains(card.Text, w.userID) {
		t.Fatalf("lock of the one user named Doe: %+v", card)
	}
	if _, err := w.clerk.AddUser(clerktest.UserSeed{FirstName: "Jane", LastName: "Roe", EmailAddresses: []string{"roe@acme.com"}}); err != nil {
		t.Fatal(err)
	}
	if r := w.ask(ann, "ban user jane"); r.ConfirmationID != "" || len(r.Tables) != 1 || len(r.Tables[0].Rows) != 2 {
		t.Errorf("ban of one of two users named jane: want the two listed and nothing proposed, got %+v", r)
	}
	r = w.ask(ann, "delete organization 'Nonexistent Corp'")
	if r.ConfirmationID != "" || !strings.Contains(r.Title, "Nothing matched") {
		t.Errorf("no match: %+v", r)
	}
}

func TestEngineRefusals(t *testing.T) {
	w := newWorld(t, "read")
	r := w.ask(ann, "delete user "+w.userID)
	if r.Text != "This is a write operation and your current scopes may not allow it. Rerun with --admin to bypass?" {
		t.Errorf("scope refusal text = %q", r.Text)
	}
	if len(r.Actions) != 1 || r.Actions[0].Value != "delete user "+w.userID+" --admin" {
		t.Errorf("an admin should be offered the rerun: %+v", r.Actions)
	}
	if r2 := w.ask(carol, "delete user "+w.userID); len(r2.Actions) != 0 {
		t.Errorf("a non-admin was offered --admin: %+v", r2.Actions)
	}
	// --admin by an admin skips the scopes but still asks for approval.
	r = w.ask(ann, "delete user "+w.userID+" --admin")
	if r.ConfirmationID == "" {
		t.Fatalf("--admin by an admin: %+v", r)
	}
	if !strings.Contains(render(t, r), "Admin override") {
		t.Errorf("card does not show the --admin override:\n%s", render(t, r))
	}
	// The requester may not approve their own delete; Carol is no approver.
	for _, who := range []confirm.Actor{ann, carol} {
		got := w.decide(who, r.ConfirmationID, true)
		if len(got) != 1 || got[0].Title != "You can't decide this one" {
			t.Errorf("approval by %s = %+v", who.Name, got)
		}
	}
	if n := deletes(w); n != 0 {
		t.Errorf("%d DELETEs reached Clerk", n)
	}
	got := w.decide(bob, r.ConfirmationID, true)
	if len(got) != 1 || got[0].Level != bot.LevelSuccess || deletes(w) != 1 {
		t.Errorf("approval by Bob = %+v, %d DELETEs", got, deletes(w))
	}
}

func deletes(w *world) int {
	n := 0
	for _, r := range w.clerk.Requests() {
		if r.Method == "DELETE" {
			n++
		}
	}
	return n
}

func TestEngineMissingTarget(t *testing.T) {
	w := newWorld(t, "read write delete")
	r := w.ask(ann, "ban user user_doesnotexist")
	if r.ConfirmationID != "" {
		t.Fatalf("a card was made for a user that does not exist: %+v", r)
	}
	if !strings.Contains(r.Text, "user_doesnotexist") {
		t.Errorf("reply does not say what is missing: %+v", r)
	}
}

// TestEngineCardSaysWhenItGuessed: a write the offline ranker proposed carries a warning
// to compare it with the message, the stored confirmation and its audit entry say which
// stage read it; a write a rule matched carries no such warning.
func TestEngineCardSaysWhenItGuessed(t *testing.T) {
	w := newWorld(t, "read write delete")
	tests := []struct {
		text, readBy string
		warned       bool
	}{
		{"delete the webhook svix app", "ranker", true},
		{"ban jane@acme.com", "fastpath", false},
		{"POST /users/" + w.userID + "/lock", "raw", false},
	}
	for _, tt := range tests {
		card := w.ask(ann, tt.text)
		if card.ConfirmationID == "" {
			t.Fatalf("%q: no confirmation:\n%s", tt.text, render(t, card))
		}
		if got := strings.Contains(card.Text, "best guess"); got != tt.warned {
			t.Errorf("%q: warning shown = %v, want %v:\n%s", tt.text, got, tt.warned, card.Text)
		}
		c, err := w.db.Confirmation(card.ConfirmationID)
		if err != nil {
			t.Fatal(err)
		}
		if c.ReadBy != tt.readBy {
			t.Errorf("%q: stored read_by = %q, want %q", tt.text, c.ReadBy, tt.readBy)
		}
		entries, err := w.db.Audit(1, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Event != "requested" || entries[0].Detail != "read by "+tt.readBy {
			t.Errorf("%q: newest audit entry = %+v, want requested, read by %s", tt.text, entries, tt.readBy)
		}
	}
}
