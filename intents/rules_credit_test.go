package intents

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestCreditAdjustments(t *testing.T) {
	runStageCases(t, SourceFastpath, []stageCase{
		{text: "give org_4Tq £20 of credit as goodwill", ops: []string{"AdjustOrganizationBillingCreditBalance"},
			args: map[string]string{"organization_id": "org_4Tq", "amount": "2000", "currency": "GBP", "action": "increase"}},
		{text: "add a $12.50 credit to user_8Pn's account", ops: []string{"AdjustUserBillingCreditBalance"},
			args: map[string]string{"user_id": "user_8Pn", "amount": "1250", "currency": "USD"}},
		{text: "increase the credit balance of org_4Tq by 700 cents", ops: []string{"AdjustOrganizationBillingCreditBalance"},
			args: map[string]string{"amount": "700", "action": "increase"}},
		{text: "deduct 10 euros of credit from kim@example.org", ops: []string{"GetUserList", "AdjustUserBillingCreditBalance"},
			args: map[string]string{"email_address": "kim@example.org", "amount": "1000", "currency": "EUR", "action": "decrease"}},
		// A number without a unit is in cents, the API's unit; a stated key is kept.
		{text: "increase org_4Tq's credit balance by 2500 for the outage, idempotency key outage-1124-org14", ops: []string{"AdjustOrganizationBillingCreditBalance"},
			args: map[string]string{"amount": "2500", "idempotency_key": "outage-1124-org14"}},
		// A read stays a read; an adjustment without a sum is asked back.
		{text: "how much credit does org_4Tq have", ops: []string{"GetOrganizationBillingCreditBalance"}},
		{text: "give org_4Tq some credit", mode: ModeClarify},
	})
}

// TestIdempotencyKey: the key is the same for the same words read at the same time
// (a retried request applies once) and differs otherwise.
func TestIdempotencyKey(t *testing.T) {
	key := func(text string, now time.Time) string {
		opts := testOptions(t)
		opts.Now = func() time.Time { return now }
		in := Parse(context.Background(), text, opts)
		v := values(in)["idempotency_key"]
		if len(v) != 1 || len(v[0]) < 20 {
			t.Fatalf("Parse(%q): idempotency_key = %v (%s %s)", text, v, in.Mode, in.Reason)
		}
		return v[0]
	}
	const text = "give org_4Tq $5 of credit"
	a, b := key(text, testNow), key(text, testNow)
	c, d := key(text, testNow.Add(time.Second)), key("give org_4Tq $6 of credit", testNow)
	if a != b {
		t.Errorf("same text and time gave two keys: %s, %s", a, b)
	}
	if a == c || a == d {
		t.Errorf("another time or another text gave the same key %s", a)
	}
}

// TestCreditAsVerb: "credit user_1 $5" adds credit.
func TestCreditAsVerb(t *testing.T) {
	in := parse(t, "credit user_5 $5")
	if in.Mode != ModeExecute || len(in.Steps) != 1 || in.Steps[0].OperationID != "AdjustUserBillingCreditBalance" || !strings.Contains(string(in.Steps[0].Body), `"amount":500`) {
		t.Errorf("Parse(credit user_5 $5) = %s %v, want an increase of 500 cents", in.Mode, in.Steps)
	}
}
