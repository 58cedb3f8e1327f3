package intents

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Credit adjustments: "give org_1 £20 of credit as goodwill", "add a $25 credit to
// user_2's account", "increase the credit balance of org_1 by 5000 cents", "deduct
// 10 USD of credit from bob@acme.com". Clerk takes the amount in cents, the action
// (increase or decrease), the currency (USD unless said) and an idempotency key.

var (
	// moneySymbol is "$25", "£20.50", "€ 7", "$1,000": digits with separators,
	// read strictly by toCents.
	moneySymbol = regexp.MustCompile(`([$£€])\s?(\d[\d,.]*\d|\d)`)
	// moneyWord is "25 usd", "20 pounds", "5000 cents".
	moneyWord = regexp.MustCompile(`(?i)\b(\d[\d,.]*\d|\d)\s?(usd|gbp|eur|dollars?|bucks|pounds?|quid|euros?|cents?|pence|p)\b`)
)

// currencies by symbol and word; cents and pence are the unit, not a currency.
var currencies = map[string]string{
	"$": "USD", "£": "GBP", "€": "EUR", "usd": "USD", "gbp": "GBP", "eur": "EUR",
	"dollar": "USD", "dollars": "USD", "bucks": "USD", "pound": "GBP", "pounds": "GBP", "quid": "GBP",
	"euro": "EUR", "euros": "EUR", "pence": "GBP", "p": "GBP",
}

// creditUp and creditDown are the words that say which way a balance moves.
var (
	creditUp   = wordSet(`give add increase grant top topup bump raise refund comp issue apply`)
	creditDown = wordSet(`remove deduct decrease subtract take reduce lower claw debit charge`)
)

// amount reads the one sum of money a text names, in cents, and its currency ("" when
// not said).
func (m *msg) amount() (cents int64, currency string, ok bool) {
	if mm := moneySymbol.FindAllStringSubmatch(m.text, -1); len(mm) == 1 {
		return toCents(mm[0][2], false), currencies[mm[0][1]], true
	}
	if mm := moneyWord.FindAllStringSubmatch(m.text, -1); len(mm) == 1 {
		unit := asciiLower(mm[0][2])
		inCents := strings.HasPrefix(unit, "cent") || unit == "pence" || unit == "p"
		return toCents(mm[0][1], inCents), currencies[unit], true
	}
	if mm := bareAmount.FindAllStringSubmatch(m.text, -1); len(mm) == 1 {
		// "by 2500": a number without a unit is in the API's unit, cents.
		return toCents(mm[0][1], true), "", true
	}
	return 0, "", false
}

// bareAmount is a sum without a unit after "by": "increase … by 2500".
var bareAmount = regexp.MustCompile(`(?i)\bby\s+(\d{1,9})(?:$|[\s,.;!?])`)

// plainAmount is a number written plainly: "1000", "1,000", "1,000.50", "12.5".
var plainAmount = regexp.MustCompile(`^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$`)

// creditUndo and creditTo ask for something an adjustment does not do: undoing an
// earlier one ("reverse the $30 decrease"), or setting the balance ("top up … to
// $50").
var (
	creditUndo = regexp.MustCompile(`(?i)\b(?:undo|reverse|revert|roll\s*back|cancel)\b`)
	creditTo   = regexp.MustCompile(`(?i)\bto\s+[$£€]?\s?\d`)
)

// creditNote is a note for the ledger entry: "with note 'renewal concession'",
// "note: "goodwill"".
var creditNote = regexp.MustCompile(`(?i)\bnote\s*(?::|=|saying|that\s+says)?\s*(?:"([^"]+)"|'([^']+)')`)

// statedKey is an idempotency key the text gives: "idempotency key outage-1124".
var statedKey = regexp.MustCompile(`(?i)\bidempotency[\s_\-]?key\s*(?:=|:|is\s+|of\s+)?\s*['"]?([A-Za-z0-9][\w.:\-]{0,99})`)

// keyShaped is a key, not a word: it has a digit, "-", "_", "." or ":".
var keyShaped = regexp.MustCompile(`[\d_.:\-]`)

func toCents(s string, inCents bool) int64 {
	if !plainAmount.MatchString(s) || inCents && strings.Contains(s, ".") {
		return 0 // "5,50", "25.999": a sum to ask about, not to guess
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		return 0
	}
	if !inCents {
		f *= 100
	}
	return int64(math.Round(f))
}

// ruleCredit plans a credit adjustment on one user or organization.
func ruleCredit(m *msg) ruleResult {
	if m.question || !m.x.Has("credit", "credits") || len(m.x.IDs)+len(m.x.Emails) != 1 || !m.onlyIDs("user", "org") {
		return ruleResult{}
	}
	if creditUndo.MatchString(m.text) || creditTo.MatchString(m.text) && !strings.Contains(asciiLower(m.text), " by ") {
		return ruleResult{outcome: askBack, cands: []string{"AdjustUserBillingCreditBalance", "AdjustOrganizationBillingCreditBalance"},
			message: "Clerk adjusts a credit balance by an amount, up or down. Say how much to add or take away, for example: add $25 of credit to org_123."}
	}
	up, down := false, false
	for _, w := range m.x.Words {
		up = up || creditUp[w]
		down = down || creditDown[w]
	}
	if up == down {
		return ruleResult{} // no direction, or both
	}
	cents, currency, ok := m.amount()
	if !ok || cents <= 0 {
		return ruleResult{outcome: askBack, message: "How much credit, and in which currency? For example: add $25 of credit to user_123.",
			cands: []string{"AdjustUserBillingCreditBalance", "AdjustOrganizationBillingCreditBalance"}}
	}
	action := "increase"
	if down {
		action = "decrease"
	}
	body := map[string]any{"amount": cents, "action": action, "idempotency_key": m.idempotencyKey()}
	if currency != "" {
		body["currency"] = currency
	}
	if mm := creditNote.FindStringSubmatch(m.text); mm != nil {
		body["note"] = cmp.Or(mm[1], mm[2]) // "with note 'annual renewal concession'"
	}
	var steps []draft
	op, param, target := "AdjustUserBillingCreditBalance", "user_id", ""
	switch {
	case len(m.x.Emails) == 1:
		steps = []draft{{op: "GetUserList", query: q("email_address", m.x.Emails[0])}}
		target = ref(0, "id")
	case strings.HasPrefix(m.x.IDs[0], "org_"):
		op, param, target = "AdjustOrganizationBillingCreditBalance", "organization_id", m.x.IDs[0]
	default:
		target = m.x.IDs[0]
	}
	return proposed(action+" the credit balance", append(steps, draft{op: op, path: map[string]string{param: target}, body: body})...)
}

// idempotencyKey is the key of a request that must apply once: the one the text
// gives, or one derived from the text and the time it was read, so that the same approved request retried is one
// adjustment, and the same words sent again later are another.
func (m *msg) idempotencyKey() string {
	if mm := statedKey.FindStringSubmatch(m.text); mm != nil && keyShaped.MatchString(mm[1]) {
		return mm[1]
	}
	sum := sha256.Sum256([]byte(m.text + "\x00" + m.x.now.UTC().Format("2006-01-02T15:04:05.000000000Z")))
	return "clerkbot-" + hex.EncodeToString(sum[:12])
}
