package intents

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/clerkbot/clerkbot/clerk"
)

// Mode says what clerkbot does with a message.
type Mode string

// The modes of DESIGN.md.
const (
	ModeHelp    Mode = "help"
	ModeBrowse  Mode = "browse"
	ModeDetail  Mode = "detail"
	ModeExecute Mode = "execute"
	ModeClarify Mode = "clarify"
	ModeReject  Mode = "reject"
)

// Source names the stage that decided.
type Source string

// The stages, in the order Parse runs them. Modes and options decided by the first
// stage are reported as SourceRaw.
const (
	SourceRaw      Source = "raw"
	SourceFastpath Source = "fastpath"
	SourceRanker   Source = "ranker"
	SourceLLM      Source = "llm"
)

// Intent is the result of Parse. It marshals to the JSON contract of DESIGN.md
// ("clerkbot parse — the intent contract").
type Intent struct {
	Mode       Mode        `json:"mode"`
	Source     Source      `json:"source"`
	Version    string      `json:"version"`
	Admin      bool        `json:"admin"`
	Tag        string      `json:"tag"`
	Steps      []Step      `json:"steps"`
	Candidates []Candidate `json:"candidates"`
	Message    string      `json:"message"`
	// Reason says which rule decided and why, for people reading `clerkbot parse`
	// and logs. It is not part of the contract.
	Reason string `json:"-"`
}

// Step is one Backend API request of a plan. Path is the spec's template; a value of
// the form "$steps[N].field" (in PathParams, Query or a string of Body) is filled in by
// the engine from the response of step N, which is always an earlier read. In a body
// it may stand for an object or a list; in a list of the body, "...$steps[N].field"
// stands for the items of that list and "$not:X" takes X out of it.
type Step struct {
	OperationID string              `json:"operation_id"`
	Method      string              `json:"method"`
	Path        string              `json:"path"`
	PathParams  map[string]string   `json:"path_params"`
	Query       map[string][]string `json:"query"`
	Body        json.RawMessage     `json:"body"`
}

// Candidate is another operation the text may mean, with a score in [0, 1].
type Candidate struct {
	OperationID string  `json:"operation_id"`
	Method      string  `json:"method"`
	Path        string  `json:"path"`
	Score       float64 `json:"score"`
}

// Specs gives the spec of an API version; "" means the newest. *clerk.Specs
// implements it; its error for an unknown version lists the versions that exist.
type Specs interface {
	Get(ctx context.Context, version string) (*clerk.Spec, error)
}

// Options are what Parse needs besides the text.
type Options struct {
	// Specs supplies the spec of the version the text asks for, or the newest.
	Specs Specs
	// Now is the clock for relative dates ("last 7 days"); nil means time.Now.
	Now func() time.Time
	// Rankers caches the offline ranker's index per spec; nil builds the index on
	// every call (about 10 ms), so every caller that parses more than once should set it.
	Rankers *Rankers
	// LLM, when set, is asked where the ranker would answer clarify (stage 6); nil
	// leaves the ranker's answer. It is only ever shown the text and candidate tools.
	LLM LLM
	// LLMTimeout bounds each LLM call; zero means DefaultLLMTimeout.
	LLMTimeout time.Duration
	// Examples are the labelled messages the ranker asks when it cannot tell
	// (examples.go); nil means DefaultExamples, an empty &Examples{} none.
	Examples *Examples
}

// IsWrite reports whether the step changes something at Clerk (any method but GET).
func (s Step) IsWrite() bool { return s.Method != "GET" && s.Method != "HEAD" }

// Request builds the step as a validated clerk.Request of spec, with references to
// earlier steps ("$steps[0].id") left as they are, for display. It fails when the
// step is not an operation of spec or does not validate.
func (s Step) Request(spec *clerk.Spec) (*clerk.Request, error) {
	op, ok := spec.Operation(s.OperationID)
	if !ok {
		return nil, fmt.Errorf("operation %s is not in version %s", s.OperationID, spec.Version)
	}
	r, err := spec.NewRequest(op, s.PathParams, url.Values(s.Query), standInBody(op, s.Body))
	if err != nil {
		return nil, err
	}
	if len(s.Body) > 0 {
		r.Body = s.Body
	}
	return r, nil
}

// Parse resolves text to an Intent. It never calls Clerk. A text it cannot resolve
// yields clarify or reject with a message, never an error: the only failure is a
// missing spec, reported as reject.
func Parse(ctx context.Context, text string, opts Options) Intent {
	p := parser{ctx: ctx, opts: opts}
	if p.opts.Now == nil {
		p.opts.Now = time.Now
	}
	in := p.parse(text)
	if in.Steps == nil {
		in.Steps = []Step{}
	}
	if in.Candidates == nil {
		in.Candidates = []Candidate{}
	}
	if in.Source == "" {
		in.Source = SourceRaw
	}
	return in
}

type parser struct {
	ctx  context.Context
	opts Options
	// joined is set by decide when a rule read two actions of the text as one plan
	// ("create org X and invite Y"): such a plan already accounts for every clause.
	joined bool
	// wholeRaw is the text sentence reads, as typed: the example stage compares the
	// whole message with its examples, also when a part of it is decided. voted and
	// wholeVote cache that comparison, wholeMsg the message.
	wholeRaw  string
	voted     bool
	wholeVote exampleVote
	wholeMsg  *msg
}

// maxText bounds the text Parse looks at; Slack messages are at most 40 000 characters.
const maxText = 40000

func (p *parser) parse(text string) Intent {
	if len(text) > maxText {
		return Intent{Mode: ModeReject, Message: fmt.Sprintf("the message is %d characters long; clerkbot reads at most %d", len(text), maxText)}
	}
	if a, shown, ok := spoofedURL(text); ok {
		// "<https://evil.io/cb|https://app.acme.co/cb>" shows one page and means another.
		return Intent{Mode: ModeReject, Reason: "safety: a link whose address differs from its text",
			Message: "The link shows " + shown + " but points to " + a + ". Type the URL itself so that what you see is what clerkbot acts on."}
	}
	if a, shown, ok := spoofedAddress(text); ok {
		// "<mailto:eve@evil.com|bob@acme.com>" shows bob and means eve.
		return Intent{Mode: ModeReject, Reason: "safety: a link whose address differs from its text",
			Message: "The link shows " + shown + " but points to " + a + ". Type the address itself so that what you see is what clerkbot acts on."}
	}
	if at := lookalikeAt(text); at >= 0 {
		return Intent{Mode: ModeReject, Reason: "safety: an id with a look-alike character",
			Message: "The id at \"" + text[at:min(len(text), at+24)] + "\" runs into a character that is not a plain letter or digit (a look-alike from another alphabet, or an invisible one). Paste the id from Clerk again."}
	}
	hiddenLink := spoofedLink(text)
	hidden := hiddenLink || strings.Contains(text, "```")
	text = Normalize(text)
	if r, isCurl, why := curlToRaw(text); why != "" {
		return Intent{Mode: ModeReject, Source: SourceRaw, Reason: "a curl command clerkbot does not read",
			Message: "clerkbot does not run that curl command: " + why + ". Or type the request itself, for example: GET /users?limit=5"}
	} else if isCurl {
		text = r // a pasted curl command, as "METHOD /path {body} --version …"
	}
	o := splitOptions(text)
	in := Intent{Admin: o.admin}
	if o.err != "" {
		in.Mode, in.Message = ModeReject, o.err
		return in
	}
	if p.opts.Specs == nil {
		in.Mode, in.Message = ModeReject, "no Clerk spec is loaded"
		return in
	}
	spec, err := p.opts.Specs.Get(p.ctx, o.version)
	if err != nil {
		in.Mode, in.Message = ModeReject, err.Error()
		return in
	}
	in.Version = spec.Version

	rest := dropTicketRef(o.rest)
	lower := strings.ToLower(rest)
	switch {
	case rest == "":
		in.Mode, in.Message, in.Reason = ModeHelp, helpText, "empty text or help"
		return in
	case lower == "help" || lower == "usage" || lower == "?":
		in.Mode, in.Message, in.Reason = ModeHelp, helpText, "asked for help"
		return in
	case tagListWords[lower] || asksForTags(lower):
		in.Mode, in.Reason = ModeBrowse, "asked for the list of tags"
		return in
	}
	// "help PATCH /users/{user_id}/metadata": a help word before an endpoint asks for
	// its detail, as "help" after it does.
	if mm := leadHelp.FindStringSubmatch(rest); mm != nil {
		if _, _, _, raw := splitRaw(mm[1]); raw {
			rest, o.help = mm[1], true
		}
	}
	if name := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(lower, "tag "), "browse "), " help"); name != "" {
		if t, _, ok := spec.Tag(name); ok {
			in.Mode, in.Tag, in.Reason = ModeBrowse, t.Name, "the text names the tag "+t.Name
			return in
		}
	}
	if r, ok := rawAfterStory(rest); ok {
		rest = r
	}
	if mm := runRaw.FindStringSubmatch(rest); mm != nil {
		// "please run GET /users?limit=5": the request, as if typed alone.
		if _, _, _, ok := splitRaw(mm[1]); ok {
			rest = mm[1]
		}
	}
	if method, path, after, ok := splitRaw(rest); ok {
		if method != "GET" && after == "" && strings.HasSuffix(strings.TrimSpace(rest), "?") {
			// "POST /users/user_1/ban?": a question about the request, not the order.
			in.Mode, in.Source, in.Reason = ModeClarify, SourceRaw, "a raw change ending in a question mark"
			in.Message = "Is that a question? To run the request, send it without the question mark; to see the endpoint, add help."
			return in
		}
		p.raw(&in, spec, method, path, after, o.help || trailingHelp(after))
		in.Source = SourceRaw
		if in.Mode == ModeExecute && slices.ContainsFunc(in.Steps, Step.IsWrite) && (hiddenLink || secretInPublic("", &in)) {
			// A request as typed is sent as typed, except an address hidden under a
			// link's text or a secret bound for metadata the frontend reads.
			if in.Mode == ModeExecute {
				in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
				in.Message = "The request holds an address hidden under a link's text; type the address itself."
				in.Reason = "safety: a raw write with a hidden address"
			}
		}
		return in
	}
	if mm := embeddedRaw.FindStringSubmatchIndex(ownWords(rest)); mm != nil && (o.help || asksAboutEndpoint.MatchString(rest)) && !injected(asciiLower(rest)) {
		// "what fields does POST /invitations take?", "docs for the GET /users
		// endpoint -h": a question about an endpoint named in a sentence is answered
		// with its detail, never run.
		method, path := strings.ToUpper(rest[mm[2]:mm[3]]), strings.TrimRight(rest[mm[4]:mm[5]], ".,;:!?")
		op, ok := spec.Lookup(method, strings.TrimPrefix(path, "/v1"))
		params := map[string]string{}
		if !ok {
			var err error
			op, params, err = spec.Match(method, path)
			if ok = err == nil; !ok {
				in.Mode, in.Message, in.Reason = ModeReject, err.Error(), "a question about an endpoint the spec does not have"
				return in
			}
		}
		if ok {
			in.Mode, in.Reason = ModeDetail, "a question about the endpoint "+op.Key()
			in.Message = op.Key() + ": " + op.Summary
			in.Steps = []Step{{OperationID: op.ID, Method: op.Method, Path: op.Path, PathParams: params, Query: map[string][]string{}}}
			return in
		}
	}
	if o.help {
		// "-h" after a sentence: show the operation it names, when a rule finds one.
		defer func() {
			if in.Mode == ModeExecute && len(in.Steps) > 0 {
				last := in.Steps[len(in.Steps)-1]
				last.Query, last.Body = map[string][]string{}, nil
				in.Mode, in.Steps = ModeDetail, []Step{last}
			}
		}()
	}
	rest = politeOpener.ReplaceAllString(rest, "") // "When you have a sec, lock user_1"
	if tail, ok := correctedTail(rest); ok {
		rest = tail // "ban user_1 — actually no, that's too much, lock user_1"
	}
	p.sentenceWithSignOut(&in, spec, rest)
	if in.Mode == ModeClarify && !strings.HasPrefix(in.Reason, "safety") {
		// Asking back: when the nearest labelled messages are mostly out of scope,
		// say so instead (unless the LLM, when there is one, may still find an
		// operation, or a rule asked back, which knows the text is about Clerk).
		// With the ranker's guesses or none, offer also what they ask for; a rule
		// that asks names its own choices.
		v := p.vote()
		if p.opts.LLM == nil && v.outOfScope() && !strings.HasPrefix(in.Reason, "rule ") {
			in.Mode, in.Candidates = ModeReject, nil
			in.Message = "That looks like something outside what clerkbot does: it runs Clerk Backend API requests (users, organizations, invitations, sessions, …). Type help for examples, or tags to browse the API."
			in.Reason = "examples: the labelled messages nearest to the text are out of scope"
			return in
		}
		if (in.Source == SourceRanker || len(in.Candidates) == 0) && p.wholeMsg != nil {
			in.Candidates = withVoted(spec, p.wholeMsg, in.Candidates, v)
		}
	}
	if p.opts.LLM != nil && in.Mode == ModeClarify && in.Source == SourceRanker {
		p.askLLM(&in, spec, rest)
	}
	guardWrites(&in, rest)
	lifetimeChecks(&in, spec, rest)
	if hidden && in.Mode == ModeExecute && slices.ContainsFunc(in.Steps, Step.IsWrite) {
		in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
		in.Message = "The message links an address under another text (<mailto:…|…>), or holds a code block; a change must name what it acts on in your own words. Type the address itself, outside code."
		in.Reason = "safety: a write on an address hidden under a link's text, or from a code block"
	}
	conditional(&in, rest)
	afterthought(&in, rest)
	notTheirOrder(&in, rest)
	doubtful(&in, rest)
	notAnOrder(&in, rest)
	removedFrom(&in, rest)
	immediate(&in, spec, rest)
	p.standDown(&in, rest)
	outsideClerk(&in, rest)
	offerStates(&in, spec, rest)
	return in
}

// stateOff and stateOn take a user or an organization out of use, or back into it,
// without saying how: "disable user_1", "suspend org_2", "reactivate bob@acme.com".
var (
	stateOff = regexp.MustCompile(`\b(?:disable|deactivate|suspend|freeze|shut\s+(?:off|down)|turn\s+off|switch\s+off)\b`)
	stateOn  = regexp.MustCompile(`\b(?:enable|re-?enable|reactivate|unsuspend|unfreeze|unblock|restore\s+access)\b`)
	// statePart is a part of a user that such a verb names instead: "disable MFA".
	statePart = regexp.MustCompile(`\b(?:mfa|2fa|two[- ]factor|totp|backup|passwords?|sign-?ups?|signups?|sso|saml|connection|webhooks?|domains?|tokens?|keys?|invit\w*|sessions?|photo|avatar|image|logo|metadata|setting|settings|restrictions?|allowlist|blocklist|org\s+creation|creation)\b`)
)

// offerStates fills a question back that offers nothing, when the text takes a user
// or an organization out of use, or back, without saying how: Clerk bans, locks or
// deletes a user, and changes or deletes an organization, so those are the choices.
func offerStates(in *Intent, spec *clerk.Spec, text string) {
	if in.Mode != ModeClarify || len(in.Candidates) > 0 {
		return
	}
	switch in.Reason {
	case "safety: a delete of a part the text does not name", "safety: an irreversible delete the text does not name",
		"no rule matched and the ranker found no operation", "a vague action (handle, deal with, sort out, take care of)":
	default:
		return
	}
	own := asciiLower(ownWords(text))
	if injected(own) || statePart.MatchString(own) {
		return
	}
	off, on := stateOff.MatchString(own), stateOn.MatchString(own)
	if off == on {
		return
	}
	hasID := func(prefix string) bool {
		return slices.ContainsFunc(findIDs(own, -1), func(loc []int) bool { return idPrefix(own[loc[0]:loc[1]]) == prefix })
	}
	users, orgs := hasID("user") || emailPattern.MatchString(own), hasID("org")
	var ops []string
	var msg string
	switch {
	case users && !orgs && off:
		ops = []string{"BanUser", "LockUser", "DeleteUser"}
		msg = "Clerk has no \"disable\" for a user: it can ban them (no sign-in until unbanned), lock them (until unlocked), or delete them. Say which, for example: lock user_123."
	case users && !orgs && on:
		ops = []string{"UnbanUser", "UnlockUser"}
		msg = "To let a user sign in again, Clerk can unban or unlock them"
		if emailPattern.MatchString(own) {
			ops = append(ops, "DeleteBlocklistIdentifier")
			msg += ", or take their address off the blocklist"
		}
		msg += ". Say which, for example: unlock user_123."
	case orgs && !users && off:
		ops = []string{"UpdateOrganization", "DeleteOrganization"}
		msg = "Clerk has no \"disable\" for an organization: it can change it (its name, member limit or metadata) or delete it. Say which, for example: set max memberships of org_123 to 0."
	default:
		return
	}
	for _, id := range ops {
		if op, ok := spec.Operation(id); ok {
			in.Candidates = append(in.Candidates, Candidate{OperationID: op.ID, Method: op.Method, Path: op.Path, Score: 1})
		}
	}
	if len(in.Candidates) > 0 {
		in.Message = msg
	}
}

// politeOpener opens a request with courtesy, not a condition or a time: "when you
// have a sec,", "if you're around,", "before I forget:", "in case you missed it,";
// or copies someone in by Slack id: "cc @U05QK2M8LRT …" ("cc @bob ban …" is for
// Bob).
var politeOpener = regexp.MustCompile(`(?i)^\s*cc:?\s+(?:<?@[uw][a-z0-9]{6,}>?[\s,]+)+|^\s*(?:(?:hey|hi|yo|ok|so|hello)[,!]?\s+)?(?:when\s+you\s+(?:have|get)\s+a\s+(?:sec|second|moment|minute|chance)|if\s+you'?re\s+(?:around|free|online|about)|if\s+you\s+(?:have|get)\s+a\s+(?:sec|second|moment|minute|chance)|before\s+i\s+forget|in\s+case\s+you\s+missed\s+it)\s*[,:;—–-]\s*`)

// correctedTail is the request a message ends with after correcting the one before
// it: "ban user_1 — actually no, that's too much, lock user_1", "revoke sess_1 — ah
// wrong one, revoke sess_2", "delete user_1. never mind the delete — lock user_1
// instead". The tail must be a whole request of its own (a verb first, and an id or
// an address), and the head must have asked for a change; the tail is then read
// alone, guards and all. A correction without a whole request after it ("— sorry,
// org:member") is left to the checks that ask back.
func correctedTail(text string) (string, bool) {
	text = strings.TrimRightFunc(text, unicode.IsSpace) // the tail is a suffix of text
	own := asciiLower(ownWords(text))
	if len(own) != len(text) {
		return "", false
	}
	locs := correctionMark.FindAllStringIndex(own, -1)
	for len(locs) > 0 && wordPattern.FindString(own[locs[len(locs)-1][1]:]) == "" {
		locs = locs[:len(locs)-1] // "… — wait, org_2, sorry": the last mark ends the message
	}
	if len(locs) == 0 {
		return "", false
	}
	at := locs[len(locs)-1][1]
	head, tail := own[:locs[len(locs)-1][0]], strings.TrimSpace(tailLead.ReplaceAllString(own[at:], ""))
	if !slices.ContainsFunc(wordPattern.FindAllString(head, -1), func(w string) bool { v, ok := verbs[w]; return changeWord(w) || ok && changeVerb(v) }) {
		return "", false
	}
	if swapped, ok := correctedID(text, head, tail); ok {
		return swapped, true
	}
	if mm := milderVerb.FindStringSubmatch(tail); mm != nil {
		// "ban user_1 — actually a lock will do": the milder change, on the one
		// object the head names.
		if hl := findIDs(head, -1); len(hl) == 1 && strings.HasPrefix(text[hl[0][0]:hl[0][1]], "user_") && mm[1] == "lock" && slices.Contains(wordPattern.FindAllString(head, -1), "ban") {
			return mm[1] + " " + text[hl[0][0]:hl[0][1]], true
		}
		return "", false
	}
	if !startsRequest(tail) || strings.HasSuffix(tail, "?") ||
		deleteAsked.MatchString(wordPattern.FindString(tail)) && !sameKindIDs(head, tail) {
		return "", false // "delete org_1; actually delete user_2": a delete is never guessed from a correction of another kind
	}
	if x := Extract(tail, time.Now()); len(x.IDs)+len(x.Emails) == 0 {
		return "", false
	}
	return strings.TrimSpace(text[len(text)-len(tail):]), true
}

// correctedID is the request of head with its one id replaced by the one id the
// correction gives alone, of the same kind: "revoke inv_1 — wrong one, inv_2",
// "ban user_1, sorry, I meant user_2", "lock user_1 — no wait, it's user_2".
func correctedID(text, head, tail string) (string, bool) {
	tl := findIDs(tail, -1)
	hl := findIDs(head, -1)
	if len(tl) != 1 || len(hl) != 1 {
		return "", false
	}
	newID := text[len(text)-len(tail)+tl[0][0] : len(text)-len(tail)+tl[0][1]]
	oldID := text[hl[0][0]:hl[0][1]]
	oldPrefix, _, _ := strings.Cut(oldID, "_")
	newPrefix, _, _ := strings.Cut(newID, "_")
	if oldPrefix != newPrefix || oldID == newID {
		return "", false
	}
	for _, w := range wordPattern.FindAllString(tail[:tl[0][0]]+" "+tail[tl[0][1]:], -1) {
		if !idFiller[w] {
			return "", false // "— wrong one, inv_2 is the admin's": more than the id
		}
	}
	return strings.TrimSpace(text[:hl[0][0]] + newID + text[hl[0][1]:len(head)]), true
}

// idFiller are the words that may stand beside the corrected id.
var idFiller = wordSet(`it's its it is the right correct one id i mean meant use should be was instead sorry please pls thanks thx my bad oops`)

// milderVerb is a correction to another change on the same user, said without the
// id: "a lock will do", "lock them instead", "just lock", "a lock is enough for now".
// Only a lock for a ban is taken (correctedTail); "I meant unlock" or "I meant ban"
// after a delete still asks back.
var milderVerb = regexp.MustCompile(`^(?:a\s+)?(lock|ban|unlock|unban)(?:\s+(?:them|him|her|it|the\s+account))?(?:\s+(?:instead|will\s+do|would\s+do|is\s+enough|should\s+do|is\s+fine))?(?:\s+for\s+now)?\s*[.!]*$`)

// sameKindIDs: head and tail name objects of one kind only (org_… and org_…).
func sameKindIDs(head, tail string) bool {
	kinds := map[string]bool{}
	for _, s := range []string{head, tail} {
		for _, l := range findIDs(s, -1) {
			k, _, _ := strings.Cut(s[l[0]:l[1]], "_")
			kinds[k] = true
		}
	}
	return len(kinds) == 1
}

var (
	// correctionMark is a writer correcting what they just asked, after a break:
	// "— actually no, that's too much,", ". strike that —", "— ah wrong one,", ".
	// never mind the delete —", "— no wait,".
	correctionMark = regexp.MustCompile(`(?:[—–,;.!]|\s-)\s*(?:(?:ah|oh|oops|sorry|hmm+|no|nope|wait|actually|correction|i\s+mean|i\s+meant|rather|on\s+second\s+thought|too\s+harsh|strike\s+that|scratch\s+that|scrap\s+that|never\s*mind(?:\s+the\s+[a-z]+)?|wrong\s+(?:one|id|user|org|session|invite|account)|that'?s\s+(?:too\s+much|too\s+harsh|overkill|wrong|the\s+wrong\s+[a-z]+)|(?:let'?s|we'?ll)\s+go\s+(?:lighter|softer))\b[\s,.!:;—–-]*)+`)
	// tailLead are the words that open a corrected request: "just", "instead", "please".
	tailLead = regexp.MustCompile(`^(?:\s*(?:just|instead|please|pls|rather|only|then|so)\b[\s,]*)+`)
)

// outsideAct is a request for something Clerk's Backend API does not do, said with
// its verb before whom or what it is for: email, call, text or DM someone, draft a
// reply, restore a deleted account, refund a payment, post to a channel.
var outsideAct = regexp.MustCompile(`(?:^|[.!?]\s+|\b(?i:can|could|would)\s+(?i:you|u|someone|somebody)\s+(?i:please\s+|pls\s+)?|\b(?i:please|pls|plz)\s+)(?i:e-?mail|call|text|dm|ring|draft|reply\s+to|restore|undelete|refund)\s+(?:(?i:the|a|an|all|every|them|him|her|me|us|our|their|his|its)\b|[A-Z][a-z]|[\w.+-]+@|<mailto:|\+?\(?\d|(?:user|org)_)|\b(?i:post|share)\s+(?i:the|a|this|it|that)\b[^.!?]*\s(?i:in|to)\s+(?:<#|#)`)

// outsideClerk answers a question back about a request Clerk cannot serve with a
// reject that says so: there is no operation to choose from.
func outsideClerk(in *Intent, text string) {
	if in.Mode != ModeClarify || !outsideAct.MatchString(ownWords(text)) {
		return
	}
	in.Mode, in.Steps, in.Candidates = ModeReject, nil, nil
	in.Message = "That is outside what clerkbot does: it runs Clerk Backend API requests (users, organizations, invitations, sessions, …) and cannot email, call, text or message people, post to channels, draft replies, restore a deleted account or refund a payment. Type help for what it can do."
	in.Reason = "a request for something the Clerk Backend API does not do"
}

// standDownStrong says in the writer's own words that nothing is to be done now:
// "don't do it yet", "no action needed", "not actioning this", "hypothetically",
// "thinking out loud", "not an ask", "hold off".
var standDownStrong = regexp.MustCompile(`\b(?:hold\s+off|no\s+action\s+(?:needed|yet|required|for\s+now)|(?:we\s+are|we'?re|i'?m|i\s+am)\s+not\s+(?:actioning|doing|acting\s+on)\b|not\s+actioning|not\s+doing\s+(?:it|anything|that|this)\b|not\s+asking\s+(?:you\s+)?to\b|do\s*n[o']?t\s+(?:actually\s+)?(?:(?:do|action|run)\s+(?:it|anything|that|this)|touch\s+(?:it|that|this|anything(?:\s*$|\s*[.,;!]|\s+(?:yet|for\s+now|until))))|do\s*n[o']?t\s+(?:actually\s+)?do\s+(?:it|anything)|hypothetical(?:ly)?|thinking\s+out\s+loud|not\s+an\s+ask|nothing\s+for\s+now|no\s+action\b)`)

// notAnOrderNow marks a change as something other than an order to run now: an
// example, a test or drill, a plan, a draft, a record, a to-do, curiosity, a
// read-only rule, a tentative or later step.
var notAnOrderNow = regexp.MustCompile(`\b(?:do\s*n[o']?t\s+(?:execute|run|do\s+(?:it|this|that))|don'?t\s+do\s+it\s+yet|not\s+yet\b|plan\s+only|draft\s+(?:the|a)\s+request|for\s+the\s+record|for\s+awareness|just\s+an?\s+fyi|^\s*(?:fyi|heads\s+up)[:,]?\s+(?:ban|unban|delete|remove|lock|unlock|revoke|invite|create|update|set|add)\b|in\s+a\s+hypothetical|imagine\s+(?:we|if|that)|thought\s+experiment|as\s+an\s+example|sample\s+request|example\s+request|this\s+is\s+(?:a|just\s+a)\s+(?:test|drill)|read-?\s?only\s+mode|no\s+(?:changes|writes)\b|just\s+curious|out\s+of\s+curiosity|asking\s+for\s+a\s+friend|^\s*(?:later|todo|to-do|to\s+do)\b|prepare\s+to|tentatively|on\s+second\s+thought|wait\s+before)`)

// hedged leaves a change undecided, takes it back, hands it to someone else or
// makes it wait: "idk", "hmm…", "ban user_1 hmm" (a leading "hmm, …" is only a
// sound), "I think", "your call", "or whatever", "TBD", "abort",
// "wrong paste", "option A:", "someone should", "tell Bob to", "once migrated".
var hedged = regexp.MustCompile(`[a-z0-9_]\s+hm+\b|\b(?:idk|hm+(?:\s*[.?…!]|\s*$)|i\s+(?:think|guess)\b\s*\)?\s*[.!?]?\s*$|your\s+(?:call|choice)|up\s+to\s+you|dealer'?s\s+choice|or\s+(?:whatever|something)\s*[.!?]?\s*$|tbd|in\s+principle|eventually|(?:we|i)\s+(?:may|might|could)\b|we'?ll\s+need\s+to|someone\s+should|(?:tell|ask|slack|ping|remind)\s+(?:[a-z]+)\s+to\s+(?:ban|unban|delete|remove|lock|unlock|revoke|invite|rename|set|update)|[a-z]+\s+should\s+(?:ban|unban|delete|remove|lock|unlock|revoke)|[a-z]+\s+says\s+(?:to\s+)?(?:ban|unban|delete|remove|lock|unlock|revoke)|requested\s+we|(?:^|[,(—–-]\s*)(?:ignore|abort|strike\s+that)\b|wrong\s+(?:paste|window)|oops|option\s+[a-z0-9]\s*:|next\s+steps?\s*:|fyi\s+only|once\s+migrated|post-migration|pending\s*[.!)]?\s*$|\(pending\b|(?:^|\s)\+1\s*$)`)

// standDownWeak only tells, when no request was read: "just flagging", "for
// visibility", "pasting for context only".
var standDownWeak = regexp.MustCompile(`\bjust\s+(?:flagging|sharing|fyi|logging|a\s+heads\s+up|so\s+you\s+know)\b|\bfor\s+visibility\b|\bfor\s+context\s+only\b|\bpasting\s+(?:\w+\s+){0,2}for\s+context\b|\bheads\s+up\s+so\b`)

// standDown says so when the message tells that nothing is to be done: a question
// back (clarify) becomes a reject, and so does a read the message does not ask for
// in words ("hypothetically, if we deleted org_1 would its members go too?") and any
// change. A read asked for stays ("hypothetically …, list its members").
func (p *parser) standDown(in *Intent, text string) {
	own := asciiLower(ownWords(text))
	if asksHowItWorks.MatchString(own) {
		return // "… dont run anything: what does the remove password endpoint do?"
	}
	strong := standDownStrong.MatchString(own)
	switch {
	case in.Mode == ModeClarify && (strong || standDownWeak.MatchString(own)):
	case in.Mode == ModeExecute && slices.ContainsFunc(in.Steps, Step.IsWrite) && (strong || standDownWeak.MatchString(own) || notAnOrderNow.MatchString(own) || hedged.MatchString(own)):
		// "no action needed: ban user_1", "DO NOT RUN: delete org_1", "this is a
		// drill", "for the record": a change never runs with such words around it.
	case in.Mode == ModeExecute && strong && !slices.ContainsFunc(in.Steps, Step.IsWrite) && !asksToRead(Extract(text, p.opts.Now())):
	default:
		return
	}
	in.Mode, in.Steps, in.Candidates = ModeReject, nil, nil
	in.Message = "The message says that nothing is to be done now (a hypothetical, a heads-up, or \"don't do it yet\"), so clerkbot does nothing. When it is decided, ask for it plainly, for example: ban user_123."
	in.Reason = "safety: the message says not to act"
}

// asksHowItWorks asks what a request would do, which a question back answers.
var asksHowItWorks = regexp.MustCompile(`\bhow\s+(?:would|does|do|will)\s+(?:that|it|this|the\s+\w+)\s+work\b|\bwhat\s+(?:does|would)\s+(?:the\s+)?(?:\w+\s+){1,4}(?:actually\s+)?do\b`)

// asksToRead reports whether a message asks in words to be shown something: a verb
// that reads, lists or counts, not only a question ("would their sessions end?").
func asksToRead(x Extraction) bool {
	return x.Has("show", "get", "find", "fetch", "view", "display", "retrieve", "lookup", "look", "list", "count", "pull", "check")
}

// removedFromRe is "from", "off" or "out of" before the object, which stands as \x01.
var removedFromRe = regexp.MustCompile(`\b(?:from|off|out\s+of)[^\w\x01]*\x01`)

// removedFrom turns a plan that deletes an object into a clarify when the text
// removes something from that object: "remove google from user_1" never deletes
// user_1. The part to remove is not named by an id the plan can use.
func removedFrom(in *Intent, text string) {
	if in.Mode != ModeExecute || len(in.Steps) == 0 {
		return
	}
	last := in.Steps[len(in.Steps)-1]
	if last.Method != "DELETE" || !strings.HasSuffix(last.Path, "}") {
		return
	}
	i := strings.LastIndex(last.Path, "{")
	v := last.PathParams[strings.Trim(last.Path[i:], "{}")]
	if v == "" || strings.HasPrefix(v, "$") {
		return
	}
	own, lv := asciiLower(ownWords(text)), asciiLower(v)
	if removedFromRe.MatchString(strings.ReplaceAll(own, lv, "\x01")) {
		in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
		in.Message = "That removes something from " + v + ", not " + v + " itself. Name what to remove by its id (for example the external account eac_…, the passkey idn_…, or the member user_…), or ask to delete " + v + " on its own."
		in.Reason = "safety: the object of a delete is what something is removed from"
	}
}

// askingHow asks about a change rather than for it: "help me understand how to ban
// user_1", "should I ban user_1?", "would you ban user_1 if you were me?".
var askingHow = regexp.MustCompile(`(?i)\b(?:(?:i'?d|i\s+would|we'?d|we\s+would)\s+(?:normally|usually|typically)\s+(?:say|suggest|recommend|just)\b|whether\s+to\b|would\s+you\b[^.!?]*\b(?:in\s+this\s+(?:situation|case)|in\s+my\s+shoes|if\s+you\s+were)\b|how\s+(?:to|do\s+(?:i|we|you)|can\s+(?:i|we)|would\s+(?:i|we)|should\s+(?:i|we))|should\s+(?:i|we)|(?:if|whether)\s+(?:i|we)\s+should|(?:like|want)\s+to\s+know|if\s+you\s+were|would\s+you\s+(?:ever|really|actually|personally)\b|(?:can|could|may|might|shall)\s+i\s+(?:just\s+|also\s+)?[a-z]+\b[^.!]*\?|ought\s+(?:i|we)\b|(?:i'?d|i\s+would|we'?d|we\s+would)\s+(?:just\s+|probably\s+|definitely\s+)?(?:ban|unban|lock|unlock|delete|remove|revoke|block|kick|nuke|wipe|disable|reset)\b)`)

// bareQuestion is a change asked as a bare question: "Ban user_1?", "delete
// user_1...?" — whether to, not an order.
var bareQuestion = regexp.MustCompile(`^\s*(?:ban|unban|lock|unlock|delete|remove|revoke|nuke|wipe|kill|disable|invite|kick)\b(?:[^.!?]|\.\w)*(?:\.{2,}|…)?\?+(?:\s*$|\s+\S)`)

// relativeObject names a change's object by what it did to another object: "ban
// whoever invited user_3", "delete the user who reported org_1". The id is not the
// object.
var relativeObject = regexp.MustCompile(`(?i)\b(?:whoever|whomever|the\s+(?:user|person|one|account|member|org|organization)s?\s+(?:who|that|which))\s+(?:\w+\s+){0,3}?(?:` + strings.Replace(idPattern.String(), `\b(`, `\b(?:`, 1) + `|` + emailPattern.String() + `)`)

// notAnOrder turns a plan with a write into a clarify when the message asks how or
// whether to make the change, or names its object only through another one.
func notAnOrder(in *Intent, text string) {
	if in.Mode != ModeExecute || !slices.ContainsFunc(in.Steps, Step.IsWrite) {
		return
	}
	own := ownWords(text)
	lower := canIGet.ReplaceAllString(asciiLower(own), "please get ") // "can I get user_1 unlocked?" asks the bot
	switch {
	case askingHow.MatchString(requestClause(lower)) || bareQuestion.MatchString(lower) && !pleaseAsk.MatchString(lower) || askingWhether.MatchString(lower):
		in.Message = "That reads as a question about the change, so nothing was planned. To make it, ask for it, for example: ban user_123."
		in.Reason = "safety: a question about a change"
	case relativeObject.MatchString(own):
		in.Message = "The change is for someone named only through another object (\"whoever invited …\"). Look them up first, then name them by id."
		in.Reason = "safety: the object is named through another"
	default:
		return
	}
	in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
}

// pleaseAsk makes a question a polite request: "ban user_1 for me pls?".
var pleaseAsk = regexp.MustCompile(`^[^?]*\b(?:pls|please|plz|for\s+me|for\s+us|asap|kindly)\b[^?]*\?`)

// canIGet asks the bot for something done: "can I get user_1 unlocked", "could I have
// a sign-in token for user_1".
var canIGet = regexp.MustCompile(`\b(?:can|could|may)\s+(?:i|we)\s+(?:please\s+)?(?:get|have)\s+`)

// selfServe says someone will make the change themselves: "she can make one herself".
var selfServe = regexp.MustCompile(`\b(?:can|will|could|'ll|gonna|going\s+to)\s+(?:just\s+)?(?:do|make|create|handle|generate|set\s+up|fix|sort)\s+(?:it|one|that|them|this|those)?\s*(?:herself|himself|themselves|themself|myself|ourselves|on\s+(?:her|his|their|my|our)\s+own)\b`)

// askingWhether asks whether one may or can make a change, in the request's own
// sentence: "can I unban user_1 without them losing data?", "can we unlock user_2 or
// does it need sign-off?". ("Can you …?" asks the bot, and is a request.)
var askingWhether = regexp.MustCompile(`(?:^|[.!?:]\s+)(?:so\s+|and\s+|hey\s+|ok\s+)?(?:can|could|may|might|shall|should)\s+i\s+[^.!?]*\?|(?:^|[.!?:]\s+)(?:so\s+|and\s+|hey\s+|ok\s+)?(?:can|could|may|might|shall|should)\s+we\s+[^.!?]*\b(?:or|without|safely|retroactively|still|even|legally|actually)\b[^.!?]*\?`)

// doubtful turns a plan with a write into a clarify when the message doubts, jokes
// about or disagrees with the change anywhere ("…, or the other way round", "maybe?",
// "but we disagree"), whichever part of the parser read it: cleaning drops such a
// clause as a reason, so the whole text is checked here.
func doubtful(in *Intent, text string) {
	if in.Mode != ModeExecute || !slices.ContainsFunc(in.Steps, Step.IsWrite) {
		return
	}
	own := politeMaybe.ReplaceAllString(regardless.ReplaceAllString(asciiLower(ownWords(text)), " "), " ")
	if !jokeOrDoubt.MatchString(own) && !weakDoubt.MatchString(requestClause(own)) && !selfServe.MatchString(own) {
		return
	}
	in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
	in.Message = "That reads as unsure (maybe, probably, or a joke), so nothing was planned. When you are sure, ask for the change on its own."
	in.Reason = "safety: a write the message doubts"
}

// politeMaybe is a hedge of politeness or a mistake told, not a doubt: "could you
// maybe unlock …", "was blocked by mistake".
var politeMaybe = regexp.MustCompile(`\b(?:(?:could|can|would)\s+(?:you|u|someone)\s+(?:maybe|possibly|perhaps)|(?:blocked|banned|locked|deleted|removed)\s+by\s+(?:mistake|accident|error))\b`)

// immediately says a change should take effect now rather than later.
var immediately = regexp.MustCompile(`(?i)\b(?:immediately|right\s+(?:away|now)|at\s+once|effective\s+now|now,?\s+not\s+at|not\s+at\s+(?:the\s+)?(?:end|period)|(?:don'?t|do\s+not)\s+wait\s+for)\b`)

// immediate sets the boolean parameter of a change that makes it take effect at
// once ("cancel csubi_1 immediately": end_now), when the text asks for that and the
// parameter's description says so.
func immediate(in *Intent, spec *clerk.Spec, text string) {
	if in.Mode != ModeExecute || !immediately.MatchString(ownWords(text)) {
		return
	}
	for i, st := range in.Steps {
		op, ok := spec.Operation(st.OperationID)
		if !ok || !st.IsWrite() {
			continue
		}
		for _, p := range op.OpenAPI().Parameters {
			if p.Value == nil || p.Value.In != "query" || !strings.Contains(asciiLower(p.Value.Description), "immediately") {
				continue
			}
			if s := schemaValue(p.Value.Schema); s == nil || !s.Type.Is("boolean") || len(st.Query[p.Value.Name]) > 0 {
				continue
			}
			next := st
			next.Query = maps.Clone(st.Query)
			if next.Query == nil {
				next.Query = map[string][]string{}
			}
			next.Query[p.Value.Name] = []string{"true"}
			if ValidateSteps(spec, []Step{next}) == nil {
				in.Steps[i] = next
			}
		}
	}
}

// condition is a change asked for only in some case or at another time: "unless it
// was accepted", "if he is still active", "except user_1", "once the contract ends",
// "tomorrow". Clerk has no conditional or scheduled requests.
var condition = regexp.MustCompile(`(?i)\b(?:unless|only\s+(?:if|when)|if\s+(?:it|they|he|she|the|there|that|this|not|any|still|no)|in\s+case|except|excluding|other\s+than|apart\s+from|once\s+(?:the|it|we|legal|our)|(?:when|after)\s+(?:(?:the|our|their|this|that|my)\s+(?:\w+\s+)?(?:contract|trial|review|investigation|appeal|period|renewal|call|meeting|sync|standup|demo|launch|deploy|release|migration|audit|payment|refund|approval|check)|it|we|legal|our)\b|\bbefore\s+(?:the|our|their)\s+(?:\w+\s+)?(?:contract|trial|review|investigation|appeal|renewal|call|meeting|launch|release|migration|audit|payment|refund|approval)\s+(?:is|are|has|ends|closes|clears|finishes)\b|tomorrow|tonight|next\s+(?:week|month|monday|tuesday|wednesday|thursday|friday)|later\s+(?:today|this)|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|after\s+lunch|(?:need|needs|waiting\s+(?:for|on)|pending)\s+(?:an?\s+)?approval|once\s+(?:approved|signed|paid|confirmed|verified|live|merged|done)|(?:after|once|when|until|as\s+soon\s+as)\s+(?:\w+\s+){0,2}(?:confirms?|approves?|signs?(?:\s*[),.;!?]|\s*$)|signs?\s+(?:off|the\s+(?:contract|deal|order|agreement|dpa|baa|paperwork))|agrees?|replies|reply|responds?|pays?|deploys?|ships?|upgrades|launches|releases|alerts|lands|finishes|says\s+(?:so|ok|yes|go)|gives\s+the\s+(?:go|ok|okay|green\s+light)|(?:is|are|goes|go)\s+(?:done|signed|approved|confirmed|paid|back|live|out))|after\s+the\s+(?:freeze|cutover|outage|incident|maintenance|window|rollout|deploy|upgrade|renewal|migration)\b|(?:after|once|when)\s+(?:she|he|they|i|we|her|his|their|the\s+customer|the\s+user)(?:'s|'re|'m)?\s+\w+|when\s+(?:the|our|their|this|that|my|his|her)\s+\w+)\b|\bif\b`)

// withoutReasons is the request's scope (requestScope) without the reasons told
// before the request: a clause that starts with because or since, and all that comes
// before ", so" ("because the partnership ends next week, please delete org_1
// today", "she's on holiday next week, so please revoke sess_1"). A time there tells
// why, not when.
func withoutReasons(own string) string {
	from, _ := requestSpan(own)
	scope := requestScope(own)
	if from > len(scope) {
		return scope
	}
	before := scope[:from]
	if i := strings.LastIndex(before, ", so "); i >= 0 {
		before = before[i:]
	}
	if strings.HasPrefix(scope[from:], "so ") && strings.HasSuffix(strings.TrimSpace(before), ",") {
		before = "" // "…, so remove user_1 from org_2 now": the clause split at "so"
	}
	return reasonClause.ReplaceAllString(pastSentences(before), " ") + scope[from:]
}

// pastSentences blanks the whole sentences of before that tell what happened, with a
// verb in the past and no word of a condition: "We discussed it on Monday and
// agreed. unban user_1" — Monday is when they discussed it.
func pastSentences(before string) string {
	out, start := []byte(before), 0
	for _, loc := range sentenceBreak.FindAllStringIndex(before, -1) {
		sentence := before[start:loc[1]]
		words := wordPattern.FindAllString(sentence, -1)
		if slices.ContainsFunc(words, func(w string) bool { return storyPast[w] }) && !slices.ContainsFunc(words, func(w string) bool { return conditionWords[w] }) {
			for i := start; i < loc[1]; i++ {
				out[i] = ' '
			}
		}
		start = loc[1]
	}
	return string(out)
}

var (
	storyPast      = wordSet(`discussed agreed decided confirmed talked spoke met reviewed checked verified was were had did said called emailed happened went came saw found`)
	conditionWords = wordSet(`if unless when whenever once until till provided assuming case only should`)
)

// reasonClause is a clause that says why: "because the partnership ends next week,".
var reasonClause = regexp.MustCompile(`(?:^|[.;!?,]\s*)(?:because|since|as|bc|cuz)\b[^,.;!?]*`)

// politeIf is an "if" that asks nicely, not one that sets a condition: "if
// possible", "if you can", "if that's ok".
var politeIf = regexp.MustCompile(`(?i)\bjust\s+in\s+case\b|\bif\s+(?:it'?s\s+not\s+too\s+much\s+(?:trouble|bother|work)|possible|you\s+(?:can|could|would|don'?t\s+mind|have\s+a\s+(?:sec|moment|minute)|get\s+a\s+(?:sec|second|moment|minute|chance))|you'?re\s+(?:around|free|online|about)|u\s+can|it'?s\s+(?:ok|okay|fine)|that'?s\s+(?:ok|okay|fine|alright)|that\s+works|so)\b`)

// beforeEvent is a deadline set by an event: "before the launch", "before the end
// of the month". A meeting or a call before which something happened is a story.
var beforeEvent = regexp.MustCompile(`\bbefore\s+(?:the|our|their)\s+(?:launch|release|deploy|deadline|cutover|migration|holidays?|weekend|end\s+of)\b`)

// severalChanges reports whether a plan makes changes of more than one kind.
func severalChanges(steps []Step) bool {
	first := ""
	for _, s := range steps {
		if !s.IsWrite() {
			continue
		}
		if first == "" {
			first = s.OperationID
		} else if s.OperationID != first {
			return true
		}
	}
	return false
}

// conditional turns a plan with a write into a clarify when the text makes the change
// depend on a condition, which only a person can check first.
func conditional(in *Intent, text string) {
	if in.Mode != ModeExecute || !slices.ContainsFunc(in.Steps, Step.IsWrite) {
		return
	}
	own := onceDone.ReplaceAllString(politeIf.ReplaceAllString(asciiLower(ownWords(text)), " "), " ")
	// "… want to see if deliveries are failing": a question looked into, no condition.
	own = lookingInto.ReplaceAllString(own, " ")
	scope := withoutReasons(own)
	if severalChanges(in.Steps) {
		scope = own // "ban em all: …, then unban user_2 once we confirm": the second change is in a later clause
	}
	if !condition.MatchString(scope) && !beforeEvent.MatchString(scope) && !untilAct.MatchString(own) {
		return
	}
	in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
	in.Message = "That change depends on a condition, and clerkbot cannot check one before a change. Look it up first (for example: get the invitation or user by id), then ask for the change on its own."
	in.Reason = "safety: a write asked for only in some case"
}

// lookingInto is a question the writer wants to look into with what they ask for:
// "get me the svix dashboard link, want to check if the webhooks are failing". A
// check to make first ("check if he spams again first") stays a condition.
var lookingInto = regexp.MustCompile(`\b(?:want\s+to|wanna|so\s+(?:i|we)\s+can|in\s+order\s+to|trying\s+to)\s+(?:check|see|find\s+out|confirm|verify|figure\s+out)\s+(?:if|whether)\b`)

// untilAct is a state that lasts until someone acts, said anywhere, a remark or an
// aside included: "(pro until they sign)", "…, pending legal approval".
var untilAct = regexp.MustCompile(`\b(?:until|till|pending)\s+(?:\w+\s+){0,2}(?:signs?|pays?|confirms?|approves?|agrees?|approval|sign-?off|(?:is|are)\s+(?:signed|paid|approved|confirmed|countersigned))\b`)

// afterthought turns a plan with a write into a clarify when what follows the request
// takes it back or doubts it: a correction ("Oops, I meant ban", "Sorry, wrong
// user"), a condition or a later time ("… unless they're on mobile", "Once legal
// signs off."), a doubting question ("Is that a good idea?", "Actually, who is
// that?"), a call for help, or a choice left open ("3 days or a week, whatever").
// Reasons and politeness after a request stay as they are.
func afterthought(in *Intent, text string) {
	if in.Mode != ModeExecute || !slices.ContainsFunc(in.Steps, Step.IsWrite) {
		return
	}
	own := politeIf.ReplaceAllString(asciiLower(ownWords(text)), " ")
	_, to := requestSpan(own)
	if to >= len(own) {
		return
	}
	later := onceDone.ReplaceAllString(own[to:], " ")
	if !laterDoubt.MatchString(later) && !(falsePositive.MatchString(later) && punitive(in.Steps)) {
		return
	}
	in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
	in.Message = "What follows the change takes it back, doubts it or makes it wait (a correction, a condition, a question, a time). Ask for the change on its own, once it is decided."
	in.Reason = "safety: an afterthought that takes the change back"
}

// notTheirOrder turns a plan with a write into a clarify when the message tells of
// the request rather than making it (review 9): the request is what someone else
// said or did ("… said the troll", "… was a joke from friday", "… is what the
// customer tried", "… was set by the billing job"), it comes from a doubtful source
// (spoofed, unverified, a phishing attempt), it asks a question ("X needs to be
// locked? seems excessive"), it says it fails ("not working pls help"), it waits
// ("when they come back", "someday"), or someone can do it themselves ("he can use
// the public sign up page").
func notTheirOrder(in *Intent, text string) {
	if in.Mode != ModeExecute || !slices.ContainsFunc(in.Steps, Step.IsWrite) {
		return
	}
	own := asciiLower(ownWords(text))
	from, to := requestSpan(own)
	from, to = min(from, len(own)), min(to, len(own))
	span, rest := own[from:to], own[from:] // the request's own clause; it and what follows
	switch {
	case toldOf.MatchString(typoIn.ReplaceAllString(pronounIs.ReplaceAllString(rest, " "), " ")) || setBy.MatchString(own[:to]) || suspectSource.MatchString(own):
		in.Message = "That tells of the change (someone else's words, a report, or a request from a doubtful source), not a change you ask for, so nothing was planned. To make it, ask for it plainly, for example: ban user_123."
		in.Reason = "safety: a change told of, not asked for"
	case jokeTail.MatchString(span) || sarcasm.MatchString(own):
		in.Message = "That reads as a joke or sarcasm, so nothing was planned. Ask for the change plainly when it is decided."
		in.Reason = "safety: a vote, joke or no"
	case elsewhere.MatchString(own):
		in.Message = "That change is for another instance or app; clerkbot acts only on the one it is connected to. Ask there, or say it without the other place."
		in.Reason = "safety: a change for another environment"
	case questionedRequest(own, from) || altQuestion.MatchString(span) || stillUsed.MatchString(rest) || alreadyThere.MatchString(span) ||
		falsePositive.MatchString(own) && punitive(in.Steps):
		in.Message = "That asks whether to make the change, so nothing was planned. When it is decided, ask for it plainly, for example: lock user_123."
		in.Reason = "safety: a question about a change"
	case failsNow.MatchString(rest):
		in.Message = "That says something does not work, which is not a change to make; nothing was planned. Say what you want done, for example: get user user_123."
		in.Reason = "safety: a report that something fails"
	case removedFromGroup(own, asciiLower(text), in.Steps):
		in.Message = "That removes the user from something named only by its name, which is not deleting the account. To remove a member, name the organization by id: remove user_123 from org_456; to delete the account, say delete user user_123."
		in.Reason = "safety: a delete of a user who is to be removed from something"
	case mergesWhole(ownWords(text), in.Steps):
		in.Message = "That asks to replace all of the metadata, but the plan merges keys into it. To replace it, give the new object as JSON, for example: replace user_123's public metadata with {\"plan\": \"pro\"}; to change some keys, say set plan=pro on user_123."
		in.Reason = "safety: a metadata replace asked for, planned as a merge"
	case replacesMetadata(ownWords(text), in.Steps):
		in.Message = "That would replace all of the metadata, dropping every key not sent. To add or change keys, say set or add (for example: set plan to pro in user_123's public metadata); to replace it all, say replace."
		in.Reason = "safety: a metadata replace the text does not ask for"
	case waitsFor.MatchString(span) || laterOrWish.MatchString(own) || canThemselves.MatchString(own):
		in.Message = "That change waits for something, or someone can make it themselves; nothing was planned. Ask for it when it is due, on its own."
		in.Reason = "safety: a change for later or for someone else to make"
	default:
		return
	}
	in.Mode, in.Steps, in.Candidates = ModeClarify, nil, nil
}

var (
	// toldOf follows a request that someone else said or did: "… said the troll",
	// "… was a joke", "… is what the customer tried", "that's what X asked for".
	toldOf = regexp.MustCompile(`\b(?:was|is|were)\s+(?:a\s+(?:joke|test|typo|prank|meme|drill)|an\s+(?:example|experiment)|what\s+(?:(?:the|a|an|my|our|his|her|their)\s+)?\w+\s+(?:tried|typed|wrote|said|asked|did|sent|ran|posted|wanted)|the\s+(?:step|previous|old|last|example)\b|just\s+(?:a|an)\s+(?:joke|test|example))|[,;:—–-]\s*(?:said\s+(?:the|a|an|my|our|his|her|their|some|someone)\b|according\s+to\b)|\bthat'?s\s+what\b`)
	// pronounIs is a clause about the object, not the request: "it was a typo".
	pronounIs = regexp.MustCompile(`\b(?:it|this|that|they|he|she|which|who)\s+(?:was|is|were)\b|\b(?:it|that)'s\b`)
	// typoIn is a typo in something, which tells why ("there was a typo in the
	// domain"), not that the request was one ("ban user_1 was a typo").
	typoIn = regexp.MustCompile(`\btypos?\s+(?:in|on)\s+(?:the|her|his|their|its|my|our|a|an)\b`)
	// setBy reports who made a change: "plan=pro was set by the billing job".
	setBy = regexp.MustCompile(`\b(?:was|were|has\s+been|have\s+been|got)\s+(?:already\s+)?(?:revoked|removed|deleted|banned|unbanned|locked|unlocked|lifted|reverted)\s+(?:by\s+(?:someone|somebody|the|a|an|our|their|his|her|my)|on\s+its\s+own|earlier|yesterday)\b|\bhas\s+been\s+lifted\b|\bwas\s+reverted\b|\bnothing\s+to\s+(?:revoke|delete|remove|do)\b|\bexpired\s+on\s+its\s+own\b|\bi\s+asked\s+the\s+bot\b|\b(?:was|were|is|got)\s+(?:already\s+)?(?:set|changed|added|created|updated)\s+by\b|\blooks\s+wrong\b|\bwho\s+(?:set|changed|added|did)\s+(?:it|that|this)\b`)
	// suspectSource says the request may come from an attacker.
	suspectSource = regexp.MustCompile(`,\s*suspicious\s*$|\b(?:claiming\s+to\s+be|anonymous|unverified|(?:probably|likely|maybe)\s+phishing|(?:sounds|seems|looks)\s+suspicious|chatgpt|stack\s*overflow|(?:sounds|seems)\s+wrong|could\s+be\s+(?:a\s+)?(?:phishing|scam|fake|spoof\w*)|spoofed|unverified\s+(?:email|sender|request|ticket|account)|social\s+engineer\w*|phishing\s+attempt|the\s+troll|scammer'?s\s+friend)\b`)
	// failsNow says the thing does not work: "allowlist bob@x not working pls help".
	failsNow = regexp.MustCompile(`\bdoesn'?t\s+(?:seem\s+to\s+)?(?:work|stick)\b|\btimes?\s+out\b|\bsilently\s+fails\b|\bthrows?\s+(?:an?\s+)?(?:error|exception)\b|\bkeeps\s+spinning\b|\bgave\s+(?:me\s+)?(?:a|an)\s+(?:\d{3}|error)\b|\b(?:greyed|grayed)\s+out\b|\bignores\b|\b(?:not|isn'?t|aren'?t)\s+working\b|\bdidn'?t\s+(?:receive|get|arrive)\b|\bnever\s+(?:arrived|received|got)\b`)
	// waitsFor is a change for later: "when they come back from vacation", "someday",
	// "after the customer exports data", "after his contract starts".
	waitsFor = regexp.MustCompile(`\bdon'?t\s+do\s+it\s+(?:yet|now)\b|\bnot\s+yet\b|\b(?:needs?|has|have)\s+to\s+sign\s+off\b|\bqueue\s+(?:a|the|up)\b|\bnext\s+(?:quarter|year|month|week|sprint)\b|\b(?:hasn'?t|haven'?t|has\s+not|have\s+not|not\s+yet)\s+(?:been\s+)?(?:approved|signed\s+off|confirmed)\b|\bwhen\s+(?:they|he|she|we|you)\s+(?:come|comes|get|gets|are|is|return|returns)\s+back\b|\bsome\s*day\b|\b(?:after|when)\s+(?:the|our|their|his|her|my)\s+\w+(?:'s)?\s+(?:\w+\s+)?(?:exports?|starts?|ends?|finish(?:es)?|returns?|comes?|is\s+(?:done|over|signed))\b|\bafter\s+(?:the\s+)?(?:investigation|review|approval|sign-?off)\b`)
	// jokeTail ends the request's own clause with a laugh ("user_1 ban asap lol");
	// sarcasm is anywhere ("…, brilliant", "(sarcasm …)").
	jokeTail = regexp.MustCompile(`\b(?:lol|lmao|lmfao|jk|haha\w*|rofl)\s*[.!]*\s*$`)
	sarcasm  = regexp.MustCompile(`,\s*(?:brilliant|genius|great\s+idea)\s*[.!]*\s*$|\bsarcas(?:m|tic)\b`)
	// elsewhere is another instance or app: "in the EU instance", "on the other clerk
	// app", "to the staging env".
	elsewhere = regexp.MustCompile(`\b(?:in|on|to|for|from)\s+(?:the\s+|our\s+)?(?:eu|us|apac|other|another|second|old|staging)\s+(?:clerk\s+)?(?:instance|env|environment|tenant|app|application|account)\b`)
	// altQuestion offers an alternative, which asks: "… or is the dev browser
	// enough", "… or only in the dashboard"; "explain" asks about a thing.
	altQuestion = regexp.MustCompile(`\bor\s+(?:is|are|do|does|can|should|would|only|just)\b|\bexplain\b`)
	// stillUsed says the object is in use: "delete pls? it's used in prod".
	stillUsed = regexp.MustCompile(`\bit'?s\s+(?:still\s+)?(?:used|in\s+use|needed|live)\b`)
	// alreadyThere says the change is made: "svix app is already set up pls dont touch".
	alreadyThere = regexp.MustCompile(`\balready\s+(?:set\s+up|exists?|there|in\s+place)\b|\bdon'?t\s+touch\b`)
	// laterOrWish puts the change off, wishes it, takes it back or leaves it to someone
	// else, wherever it stands: "give it a day before we delete …", "not now:", "i wish
	// i could ban …", "someone might want to …", "ignore the earlier ban request",
	// "would it be bad to …", "before you ban …, read the runbook", "not happening".
	laterOrWish = regexp.MustCompile(`\bgive\s+it\s+(?:a|an|one|two|\d+\s*h?)\s*\w*\s+before\b|\bnot\s+(?:now|today)\b|\bsome\s+other\s+time\b|^\s*plan\s+for\s+\w+\s*:|\bi\s+wish\b|\bi'?d\s+love\s+to\b[^.]*\bbut\b|\bsome(?:one|body)\s+(?:might|may|will|would|with\s+access)\b|\bcan'?t\s+believe\b|\bignore\s+the\b|\bforget\s+(?:the|about)\b|\boops,?\s+wrong\s+channel\b|\bwould\s+it\s+(?:be|hurt|matter)\b|\bis\s+it\s+(?:ok|okay|safe|bad|wise)\s+to\b|^\s*before\s+you\b|\bnot\s+(?:happening|doing\s+(?:that|it|this))\b|\b(?:other|another|demo|test|sandbox)\s+(?:workspace|tenant)\b|\bmanually\b`)
	// canThemselves says the person can make the change without clerkbot.
	canThemselves = regexp.MustCompile(`\b(?:he|she|they)\s+can\s+(?:just\s+)?(?:use\s+the|sign\s+(?:up|in)|do\s+it|generate\s+(?:it|one)|create\s+(?:it|one))\b|\bcan\s+sign\s+up\s+(?:himself|herself|themselves|on\s+(?:his|her|their)\s+own)\b`)
)

// removedFromGroup reports whether a plan deletes a user the text asks to remove from
// something it names by words ("remove user_1 from the Sunrise Striders club").
func removedFromGroup(own, raw string, steps []Step) bool {
	if steps[len(steps)-1].OperationID != "DeleteUser" {
		return false
	}
	if removeFromNamed.MatchString(own) {
		return true
	}
	// "remove user_1 from "Acme"", "delete user_2 from Cognito", "… from our postgres
	// db": a name (quoted or not) after "from", unless it is Clerk or the instance.
	for _, mm := range removeFromAny.FindAllStringSubmatchIndex(raw, -1) {
		if !wholeInstance.MatchString(raw[mm[2]:]) {
			return true
		}
	}
	return false
}

var (
	removeFromNamed = regexp.MustCompile(`\b(?:remove|kick|take|drop)\b[^.;!?]*\b(?:from|out\s+of)\s+(?:the|our|their|his|her|this|that|a)\s+[a-z]`)
	removeFromAny   = regexp.MustCompile(`\b(?:remove|kick|take|drop|delete|boot|purge|wipe|erase)\b[^.;!?,—–()]*?\b(?:from|out\s+of|in)\s+(["'“‘]?[a-z0-9])`)
	// wholeInstance is where deleting a user takes it from: Clerk, the instance, everywhere.
	wholeInstance = regexp.MustCompile(`^(?:clerk|the\s+(?:instance|app|application|system|platform|user\s*base)|everywhere|our\s+(?:app|application|system|platform|user\s*base|instance|clerk)|prod(?:uction)?\b|all\b|existence|the\s+whole\b|\d)`)
)

// mergesWhole reports whether a plan merges into metadata (PATCH …/metadata) where
// the text asks for all of it to be replaced ("set user_1's entire public metadata to
// plan=pro"). What the merge leaves alone ("don't replace the rest") asks for no
// replace.
func mergesWhole(own string, steps []Step) bool {
	own = keepOthers.ReplaceAllString(own, " ")
	for _, st := range steps {
		if st.Method == "PATCH" && strings.HasSuffix(st.Path, "/metadata") && wholeMeta(own) {
			return true
		}
	}
	return false
}

// replacesMetadata reports whether a plan replaces metadata (PUT …/metadata) that the
// text does not ask to replace.
func replacesMetadata(own string, steps []Step) bool {
	for _, st := range steps {
		if st.Method == "PUT" && strings.HasSuffix(st.Path, "/metadata") && !wholeMeta(own) {
			return true
		}
	}
	return false
}

// questionedRequest reports whether the request's sentence (from its start at from)
// ends in a question mark with more after it, and is not a polite ask ("can you
// …?", "… pls?"): "X needs to be locked? seems excessive", "allowlist bob@x? we
// already did that".
func questionedRequest(own string, from int) bool {
	q := strings.IndexByte(own[from:], '?')
	if q < 0 {
		return false
	}
	q += from
	if strings.TrimSpace(own[q+1:]) == "" {
		return false
	}
	start := 0
	for _, b := range sentenceBreak.FindAllStringIndex(own[:q], -1) {
		start = b[1]
	}
	return !politeQuestion.MatchString(own[start : q+1])
}

// politeQuestion asks the bot: "can you …?", "could u …", "can we …?", "… pls?".
var politeQuestion = regexp.MustCompile(`\b(?:can|could|would|will|wd|cd)\s+(?:you|u|ya|someone|somebody|we|i|the\s+bot|clerkbot|y'?all)\b|\b(?:pls|please|plz)\b`)

// falsePositive says a punishment was a mistake: the reason to undo one ("unban
// user_1, false positive"), a doubt about a new one ("ban user_1 — support confirmed
// it's a false positive").
var falsePositive = regexp.MustCompile(`\bfalse\s+(?:positive|alarm|flag)\b|\bnot\s+(?:actually\s+)?(?:spam|a\s+bot|fraud|malicious)\b|\b(?:legit|legitimate)\s+(?:user|customer|account)\b`)

// punitive reports whether a plan bans, locks, blocks, deletes or revokes.
func punitive(steps []Step) bool {
	for _, st := range steps {
		if st.Method == "DELETE" && !strings.Contains(st.Path, "blocklist") || strings.HasSuffix(st.Path, "/ban") || strings.HasSuffix(st.Path, "/lock") || strings.HasSuffix(st.Path, "/revoke") ||
			st.OperationID == "CreateBlocklistIdentifier" || st.OperationID == "UsersBan" {
			return true
		}
	}
	return false
}

// onceDone is the change itself done: "I'll email them once it's done" waits on the
// change, not the change on something.
var onceDone = regexp.MustCompile(`\b(?:once|after|when)\s+(?:it'?s|that'?s|this\s+is|it\s+is|that\s+is|it\s+has\s+been|you'?re|you\s+are)?\s*(?:done|complete|completed|finished|through|applied|gone\s+through)\b|\bafter\s+(?:that|this|which)\b|\b(?:send|sends|take|takes|redirect|redirects|land|lands|bring|brings)\s+(?:them|him|her)\s+(?:to\s+)?\S+\s+(?:once|after|when)\s+(?:they|he|she)\s+(?:sign\s+up|sign\s+in|log\s+in|accept|join)\b`)

// waitsOnFirst says something must happen before the change, in a sentence of its
// own after it: "— legal review first.", "Will do after verification.", "Legal has to
// clear the trademark first.", "…, waiting." (review 23).
const waitsOnFirst = `\b(?:review|verification|approval|sign-?off|check|clearance)\s+first\b|\b(?:has|have|needs?)\s+to\s+(?:clear|approve|review|sign\s+off|verify|confirm)\b[^.;!?]{0,60}\bfirst\b|\bwill\s+do\s+(?:it\s+|that\s+)?(?:after|once|when|later)\b|(?:^|[.;,!?—–-]\s*)(?:still\s+)?waiting\s*[.!]*\s*$`

// waitsOn is waitsOnFirst alone, for the sentences after a request.
var waitsOn = regexp.MustCompile(waitsOnFirst)

// laterDoubt is an afterthought after a request (see afterthought).
var laterDoubt = regexp.MustCompile(waitsOnFirst + `|\b(?:is|it'?s|its|that'?s|thats|was)\s+(?:the\s+)?wrong\s+(?:one|user|id|org|person|account|invite|session)\b|\b(?:esquece|esque[cç]a|espera|olvida(?:lo)?|olv[ií]dalo|d[ée]jalo)\b|\b(?:oops|my\s+bad|i\s+meant|meant\s+to\s+say|(?:sorry|oops|whoops|my\s+bad)[,!.\s]+(?:that'?s\s+the\s+)?wrong\b|(?:^|[.;!?]\s*)wrong\s+(?:user|one|id|org|person|account|channel)\s*[.!]*\s*$|ignore\s+(?:that|this|me)|disregard|never\s*mind|nvm)\b|` +
	`(?:^|[.;,!?]\s*)(?:unless|only\s+if|if|once|as\s+soon\s+as|provided|assuming|after)\b|\bunless\b|\bonce\s+(?:legal|security|finance|support|the\s+\w+)\s+(?:approves?|signs?|confirms?|says|agrees?|finish(?:es)?|is\s+done)\b|` +
	`\b(?:good\s+idea|right|sure|correct|ok|okay|fine|safe|agreed|thoughts|objections)\s*\?|\bwho\s+is\s+(?:that|this|it|he|she)\b|\bis\s+that\s+(?:ok|okay|right|wise|allowed)\b|` +
	`\bwon'?t\s+(?:do|fix)\b|\bstatus\s*:\s*(?:won'?t|closed|rejected|declined|cancell?ed|done|resolved)|\bjust\s+(?:researching|curious|wondering|asking|checking\s+options)\b|\bkeep\s+(?:it|them|that|this|the\s+\w+)\s+(?:for\s+now|as\s+is|around)\b|\bafter\s+(?:the\s+)?(?:migration|deploy(?:ment)?|release|launch|cutover|rollout|review|audit|freeze)\b|\bfor\s+the\s+discussion\b|\btest\s+case\b|` +
	`\b(?:don'?t|do\s+not|doesn'?t|does\s+not|didn'?t|won'?t|wouldn'?t|shouldn'?t)\s+(?:really\s+|actually\s+)?(?:want|need|wish|like)\s+(?:us\s+|me\s+|you\s+|them\s+|it\s+|anyone\s+)?to\b|\bnot\s+supposed\s+to\b|\bscratch\s+(?:that|this)\b|\bon\s+hold\b|(?:^|[\s.;,!?—–-])hold(?:\s+(?:off|on|up))?\s*[.!]*\s*$|\bwrong\s+(?:env|environment|instance|workspace|tenant)\b|\b(?:not|no\s+longer)\s+needed\b|\bprob(?:ably)?\s+not\b|\bpending\s+(?:\w+\s+)?(?:approval|sign-?off|confirmation|decision)\b|\b(?:still\s+)?waiting\s+(?:on|for)\b|\bdo\s+it\s+(?:when|once|after|later|tomorrow)\b|\bwhen\s+they'?re\s+back\b|\b(?:ask|check\s+with|ping|confirm\s+with)\s+@?\S+\s+first\b|\bwon'?t[\s-]?fix\b|\bclosed\s+as\b|:(?:thinking_face|eyes|red_circle|shrug|man-shrugging|woman-shrugging|person_shrugging|raised_eyebrow|face_with_raised_eyebrow|no_entry|x):|🤔|👀|🔴|🤷|🤨|` +
	`(?:^|[.;,!?]\s*)help\s*\?|\bremind\s+me\b|\bwhatever'?s?\s+(?:the\s+)?default\b|\bor\s+[^.;,]{1,30},?\s*whatever\b|\bwe'?d\s+normally\b|\bif\s+someone\s+asks\b|[.!]\s+[^.!?]*\?\s*$`)

// ownWords returns text with quoted text and a JSON body blanked (same length), so
// that what a message quotes or pastes is never read as the person's own words.
func ownWords(text string) string {
	b := []byte(text)
	blank := func(from, to int) {
		for i := max(from, 0); i < min(to, len(b)); i++ {
			b[i] = ' '
		}
	}
	for _, loc := range quotedPattern.FindAllStringSubmatchIndex(text, -1) {
		// The quote marks and what is between them; the space or punctuation
		// around them stays ("… to 'Acme EMEA'? The …" still ends a sentence).
		for g := 2; g <= 4; g += 2 {
			if loc[g] >= 0 {
				blank(loc[g]-1, loc[g+1]+1)
			}
		}
	}
	if i := jsonStart(text); i >= 0 {
		// A JSON value is blanked, and what follows it stays the person's; a "["
		// or "{" that starts no JSON ("[done] ban user_1", "[FYI] don't …") is
		// words, unless it looks like a broken body ({"…, [{…, ["…).
		dec := json.NewDecoder(strings.NewReader(text[i:]))
		var v json.RawMessage
		if dec.Decode(&v) == nil {
			blank(i, i+int(dec.InputOffset()))
		} else if looksJSON.MatchString(text[i:]) {
			blank(i, len(text))
		}
	}
	return string(b)
}

// looksJSON is the start of a JSON body that may be broken: an object with a quoted
// key, an array of objects, strings or numbers.
var looksJSON = regexp.MustCompile(`^(?:\{\s*(?:"|'|\}|$)|\[\s*(?:[{\["'\d\]-]|$))`)

// runRaw is a raw request after words that only ask to run it: "please run GET
// /users", "can you call POST /invitations {…}".
var runRaw = regexp.MustCompile(`(?i)^(?:(?:please|pls|plz|kindly|just|now|ok|okay|so)[\s,]+|(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?)*(?:run|execute|exec|call|hit|send|try|do|fire|make)\s+(?:a\s+|an\s+|the\s+)?(?:request\s+)?(?:to\s+)?((?:get|post|put|patch|delete)\s+/.*)$`)

// embeddedRaw is "METHOD /path" inside a sentence.
var embeddedRaw = regexp.MustCompile(`(?i)(?:^|\s)(GET|POST|PUT|PATCH|DELETE)\s+(/[A-Za-z0-9_{}/\-]*)`)

// asksAboutEndpoint is a sentence that asks what an endpoint is rather than runs it:
// a question, or words for its parameters, body, responses or documentation.
var asksAboutEndpoint = regexp.MustCompile(`(?i)\?\s*$|^\s*(?:what|which|how|does|do|is|can|explain|describe|docs?|documentation)\b|\b(?:fields?|param(?:eter)?s|arguments|args|body|schema|payload|returns?|responds?|response|accepts?|takes?|docs?|documentation|spec|signature|usage)\b`)

// leadHelp is what, before "METHOD /path", asks for the endpoint's detail: "help",
// "docs for", "explain".
var leadHelp = regexp.MustCompile(`(?i)^(?:help|usage|docs|documentation|explain|describe)(?:\s+(?:for|on|of))?\s+(.+)$`)

// asksForTags reports whether a sentence asks for the list of tags ("what tags are
// there?", "which tags does the API have", "show me all the tags"): "tags" is its one
// word besides stop words, filler, question words and verbs that read.
func asksForTags(lower string) bool {
	if !strings.Contains(lower, "tags") && !apiSections.MatchString(lower) {
		return false
	}
	seen := false
	for _, w := range wordPattern.FindAllString(lower, -1) {
		v, isVerb := verbs[w]
		switch {
		case w == "tags" || sectionWords[w] && apiSections.MatchString(lower):
			seen = true
		case stop[w] || filler[w] || chatStop[w] || tagAskWords[w] || isVerb && (v == vRead || v == vList):
		default:
			return false
		}
	}
	return seen
}

// apiSections names the API's tags in other words: "the api categories", "sections of
// the api".
var (
	apiSections  = regexp.MustCompile(`\b(?:api|endpoint)\s+(?:categories|sections|areas|groups)\b|\b(?:categories|sections|areas|groups)\s+(?:of|in)\s+(?:the\s+)?(?:api|endpoints)\b`)
	sectionWords = wordSet(`categories sections areas groups`)
	tagAskWords  = wordSet(`api endpoint endpoints available browse know knows about have has support supports cover covers`)
)

// chatStop are chat spellings of stop words ("which tags r there").
var chatStop = wordSet(`r u ya ur`)

var tagListWords = map[string]bool{
	"tags": true, "list tags": true, "show tags": true, "tag list": true, "browse": true,
	"list all tags": true, "show all tags": true, "endpoints": true,
}

const helpText = "clerkbot runs Clerk Backend API requests from chat.\n" +
	"  tags                          list the API's tags; a tag name (\"users\") lists its endpoints\n" +
	"  GET /users help               show an endpoint's parameters, body and responses\n" +
	"  GET /users?limit=5            run a request; POST /invitations {\"email_address\":\"a@b.co\"}\n" +
	"  get user john_doe             or any sentence: list users created in the last 7 days,\n" +
	"                                invite bob@acme.com to org_123 as admin, ban user_123\n" +
	"Options anywhere: --admin, --version 2025-11-10 (or version 2025-11-10.yml), -h/--help."

// options are the flags found anywhere in a text, and the text without them.
type options struct {
	rest    string
	admin   bool
	help    bool
	version string
	err     string
}

var versionWord = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(\.ya?ml)?$`)

// splitOptions removes --admin, --version DATE, version DATE[.yml], -h and --help from
// text, outside a JSON body.
func splitOptions(text string) options {
	var o options
	head, body, tail := cutJSON(text)
	var kept []string
	scan := func(s string) []string {
		toks := strings.Fields(s)
		var out []string
		for i := 0; i < len(toks); i++ {
			t := toks[i]
			lt := strings.ToLower(t)
			// A flag before a reason keeps the clause's punctuation ("… --admin,
			// GDPR request"): the comma goes to the word before it.
			flag := strings.TrimRight(lt, ",;.!")
			punct := lt[len(flag):]
			if (flag == "--admin" || flag == "-admin" || flag == "--help" || flag == "-help") && punct != "" {
				lt = flag
				if len(out) > 0 {
					out[len(out)-1] += punct
				}
			}
			switch {
			case lt == "--admin" || lt == "-admin":
				o.admin = true
			case lt == "-h" || lt == "--help" || lt == "-help":
				o.help = true
			case strings.HasPrefix(lt, "--version="):
				o.setVersion(t[len("--version="):])
			case lt == "--version" || lt == "-version" || lt == "-v":
				if i+1 < len(toks) {
					o.setVersion(toks[i+1])
					i++
				} else {
					o.err = "--version needs a date such as 2025-11-10"
				}
			case lt == "version" && i+1 < len(toks) && versionWord.MatchString(toks[i+1]):
				o.setVersion(toks[i+1])
				i++
			default:
				out = append(out, t)
			}
		}
		return out
	}
	kept = scan(head)
	if body != "" {
		kept = append(kept, body)
	}
	kept = append(kept, scan(tail)...)
	o.rest = strings.Join(kept, " ")
	return o
}

func (o *options) setVersion(v string) {
	v = strings.TrimSpace(v)
	if !versionWord.MatchString(v) {
		o.err = fmt.Sprintf("version %q must be a date such as 2025-11-10 (optionally with .yml)", v)
		return
	}
	if o.version != "" && o.version != v {
		o.err = fmt.Sprintf("two versions given: %s and %s", o.version, v)
		return
	}
	o.version = strings.TrimSuffix(strings.TrimSuffix(v, ".yml"), ".yaml")
}

// cutJSON splits text around its first JSON object or array, which is kept verbatim.
// Without one, head is the whole text.
func cutJSON(text string) (head, body, tail string) {
	i := jsonStart(text)
	if i < 0 {
		return text, "", ""
	}
	dec := json.NewDecoder(strings.NewReader(text[i:]))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		// Not JSON: keep the rest as it is so that raw requests report the JSON error.
		return text[:i], strings.TrimSpace(text[i:]), ""
	}
	end := i + int(dec.InputOffset())
	return text[:i], strings.TrimSpace(text[i:end]), text[end:]
}

// jsonStart returns the index of the first "{" or "[" that starts a word, or -1; a "{"
// inside a path template ("/users/{user_id}") does not start a body.
func jsonStart(text string) int {
	for i := 0; i < len(text); i++ {
		if (text[i] == '{' || text[i] == '[') && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t' || text[i-1] == '\n') {
			return i
		}
	}
	return -1
}

// signOutOthers is the sign-out that goes with a new password: "and sign her out
// of her other sessions", ", log him out everywhere else".
var signOutOthers = regexp.MustCompile(`(?i)\s*(?:[,;+]\s*(?:and\s+|then\s+|also\s+)?|\s(?:and|then|also)\s+)(?:(?:please|pls|plz)\s+)?(?:sign|log|kick)\s+(?:(?:her|him|them|the\s+user|this\s+user|the\s+account)\s+)?out\s+(?:(?:(?:of|from)\s+)?(?:all\s+|any\s+)?(?:her|his|their|the|its)?\s*other\s+(?:active\s+)?sessions|(?:of\s+)?everywhere(?:\s+else)?|(?:from|on|of)\s+(?:all\s+)?(?:her|his|their|the)?\s*other\s+(?:devices|sessions))`)

// setsPassword is a new password said with its value: "set the password … to", "temp
// password", "new pw:".
var setsPassword = regexp.MustCompile(`(?i)\b(?:set|reset|change|temp|temporary|new)\b[^.;!?]{0,40}\b(?:password|pw|pwd|passwd)\b|\b(?:password|pw)\s+(?:to|=|:)`)

// allSessions ends every session of the user with the change: "and revoke all
// their sessions", ". kill all their sessions please", "and sign them out
// everywhere".
var allSessions = regexp.MustCompile(`(?i)\s*(?:[,;+.]\s*(?:and\s+|then\s+|also\s+)?|\s(?:and|then|also|\+)\s+)(?:(?:please|pls|plz)\s+)?(?:(?:revoke|kill|end|terminate|nuke|invalidate|clear)\s+(?:all\s+(?:of\s+)?)?(?:her|his|their|the|its|the\s+user's)?\s*(?:active\s+|open\s+|existing\s+|current\s+)?sessions|(?:sign|log|kick|boot)\s+(?:(?:her|him|them|the\s+user)\s+out(?:\s+(?:of\s+|from\s+)?(?:everywhere|everything|all\s+(?:(?:her|his|their)\s+)?(?:sessions|devices)))?|out\s+(?:of\s+|from\s+)?(?:everywhere|everything|all\s+(?:(?:her|his|their)\s+)?(?:sessions|devices))))\b(?:\s+(?:too|also|as\s+well|please|pls|now|asap|right\s+away|immediately))*`)

// sessionsTail is what may follow the sign-out: the end, or a remark after a stop,
// a comma or a dash (", I will give him the password by phone", "so they're forced
// to reset"), which must hold no sessionsChanger. Words that go on without a break
// may change it: "later", "in Okta", "on mobile only", "and ban them".
var sessionsTail = regexp.MustCompile(`(?i)^\s*(?:$|[.!]$|(?:[.!;,]|\s[—–-]+)\s*(?:so|because|since|bc|cuz)?\b|(?:so|because|since|bc|cuz)\b)`)

// sessionsChanger is a word after the sign-out that may change it: a time, a
// condition, part of the sessions, another system, another action.
var sessionsChanger = regexp.MustCompile(`(?i)\b(?:later|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next|after|before|until|once|when|if|unless|wait|hold|only|except|but|not|don'?t|never|okta|auth0|slack|google|azure|entra|mobile|web|desktop|ban|lock|delete|remove|instance|table|everyone|all\s+users)\b|\?`)

// signOutAlso are the words that may end a sign-out said with a change: "… also",
// "… too pls". storyAfterSignOut starts what only tells after it: the next sentence,
// or a clause with its own subject.
var (
	signOutAlso       = regexp.MustCompile(`(?i)^(?:\s*\b(?:also|too|as\s+well|pls|please|plz|thx|thanks)\b)+`)
	storyAfterSignOut = regexp.MustCompile(`(?i)[.!]\s+\S|[,;]\s*(?:he|she|they|we|i|it)\b`)
)

// sessionFlag matches the body field that ends a user's sessions with a change:
// sign_out_of_other_sessions with a new password, revoke_all_sessions with a
// compromised one.
var sessionFlag = regexp.MustCompile(`^(?:sign_out|revoke).*sessions$`)

// sentenceWithSignOut is sentence, where a sign-out said with a change that can end
// the user's sessions itself ("set the password on user_1 to '…' and sign her out of
// her other sessions", "mark the password as compromised and revoke all their
// sessions") is read as the change's own field (sign_out_of_other_sessions,
// revoke_all_sessions). The text is read without the sign-out; when that plans an
// operation with such a field, and for a password change sets the password, the field
// is added. Otherwise the text is read whole.
func (p *parser) sentenceWithSignOut(in *Intent, spec *clerk.Spec, text string) {
	loc := signOutOthers.FindStringIndex(text)
	if loc == nil {
		loc = allSessions.FindStringIndex(text)
	}
	var tail, near string
	if loc != nil {
		// "… sign out from all sessions also. We found his password in a leaked
		// list", "…, he will change it after login": what the next sentence or
		// someone's own clause tells is the story's, and goes through the guards
		// with the rest of the text.
		tail = signOutAlso.ReplaceAllString(text[loc[1]:], "")
		near = tail
		if cut := storyAfterSignOut.FindStringIndex(tail); cut != nil {
			near = tail[:cut[0]]
		}
	}
	if loc == nil || !sessionsTail.MatchString(tail) || sessionsChanger.MatchString(near) ||
		strings.Contains(text, "?") && !politeAsk.MatchString(asciiLower(text)) {
		// A sign-out that waits, is elsewhere or for part of the sessions, goes on
		// with another action, or is asked about is not the change's field.
		p.sentence(in, spec, text)
		return
	}
	trial := *in
	p.sentence(&trial, spec, text[:loc[0]]+text[loc[1]:])
	if trial.Mode == ModeExecute && len(trial.Steps) > 0 {
		last := &trial.Steps[len(trial.Steps)-1]
		if f := endsSessions(spec, *last); f != "" && (!setsPassword.MatchString(text) || strings.Contains(string(last.Body), `"password"`)) {
			// A new password said with the sign-out goes with it: "set the password
			// …, sign her out …, and mark it compromised" is not only the mark.
			var body map[string]any
			if len(last.Body) == 0 || json.Unmarshal(last.Body, &body) != nil || body == nil {
				body = map[string]any{}
			}
			body[f] = true
			if b, err := json.Marshal(body); err == nil {
				last.Body = b
				trial.Reason += ", ending the user's other sessions (" + f + ")"
				*in = trial
				return
			}
		}
	}
	p.sentence(in, spec, text)
}

// endsSessions is the boolean body field of st's operation that ends the user's
// sessions with it, or "": none, or a password field the step does not set (the
// sign-out goes with a new password only).
func endsSessions(spec *clerk.Spec, st Step) string {
	op, ok := spec.Operation(st.OperationID)
	if !ok || !st.IsWrite() {
		return ""
	}
	bs := bodySchema(op)
	if bs == nil {
		return ""
	}
	var body map[string]any
	_ = json.Unmarshal(st.Body, &body)
	for _, name := range slices.Sorted(maps.Keys(bs.Properties)) {
		prop := bs.Properties[name]
		if prop == nil || prop.Value == nil || !prop.Value.Type.Is("boolean") || !sessionFlag.MatchString(name) {
			continue
		}
		if bs.Properties["password"] != nil && body["password"] == nil {
			return ""
		}
		return name
	}
	return ""
}
