// Package intents turns a chat message into an Intent: what clerkbot should do with it
// (help, browse, detail, execute, clarify or reject) and, for execute, the Backend API
// requests to make, each validated against the spec. Nothing here calls Clerk or Slack;
// look-ups by name or email are planned as read steps that the engine runs later.
//
// Parse runs the stages in order and the first one that decides wins:
//
//  1. Modes and options: --admin, --version DATE / version DATE[.yml], help (-h,
//     --help), "tags" (or a sentence that asks only for them: "what tags are
//     there?"), a tag name in any casing, and "METHOD /path help" or "help METHOD
//     /path" (detail).
//  2. Raw requests: "METHOD /path?query {json}" matched to the spec's templates and
//     validated; an invalid request is rejected with the validator's precise message.
//     JSON after a GET is never sent: it is ignored (and said so) unless it names a
//     query parameter, which is pointed out as a mistake.
//  3. Fast-path rules for the head of real traffic (users, organizations, memberships,
//     invitations, sessions, and entries of the allow-list, block-list and waitlist
//     named by value), written for precision: a rule abstains when the text names
//     more than one resource or action it does not understand.
//     Rules also read: who is in an organization ("whos in org_1", "everyone in
//     org_1 with the admin role", a role filter by key or name); what one user or
//     organization pays for (billing subscription, credit balance); a user's OAuth
//     token from a named provider (a sensitive read); metadata keys that name ids in
//     other systems ("save stripe_customer_id cus_1 on user_2", private), a user's
//     role or a flag ("mark user_1 as vip", public); the role a change replaces
//     ("… instead of admin", "from admin to member"); invitations with metadata and
//     a lifetime; every filter of GET /users (weekdays, months, inactivity, order,
//     external id); and lists "across the whole instance". Billing reads: an amount
//     left ("how much credit does org_1 have left"), a plan's prices by its id
//     ("prices for plan cplan_1": the price list filtered by plan_id), and statements
//     and subscription items by id (stmt_, csubi_). The instance's organization
//     settings ("what does our org config look like, e.g. max memberships": the
//     examples name fields, not requests). An entry of a list named by id in chat
//     shapes ("let wle_1 in off the waitlist", "take blid_1 off the blocklist") and
//     the size of a list ("how long is the waitlist atm", the list itself). Two-step
//     plans: "create org X and add user_1 to it as admin" creates the organization,
//     then the membership on "$steps[0].id"; "add bob@acme.com as a new email on
//     user_1 and make it primary" is one create with primary set. A new name never
//     holds an id. After the rules, a short
//     request on one object named by id ("delete ru_…", "get jtmp_…", "revoke sit_…")
//     is the GET, DELETE or …/revoke of the resource the id's prefix names (ids.go:
//     the resource of each path parameter comes from the spec's path and patterns,
//     its prefixes from Clerk's naming where the spec is silent).
//  4. The offline ranker (ranker.go): BM25 over every operation's summary, path words,
//     tag and first description sentence, with a verb → method prior, a penalty for
//     path words and known words the text and the operation do not share, and path
//     parameters filled from the ids in the text. It executes only when the best
//     operation is clearly ahead, every path parameter is filled, and it is a read or a
//     write whose method agrees with the verb; otherwise it answers clarify with the
//     top three candidates. Text with no Clerk word, id or email is rejected.
//     Filling is general: an enum value of a query parameter named in the text
//     ("past due" → past_due, "orgs" → org), a body field whose pattern names id
//     prefixes (subject) takes such an id, a required empty body is {}, a domain's
//     name is the domain, and actor tokens read who impersonates whom. An operation
//     on a user named by email (and by no id) looks the user up first; when that
//     operation is only GetUser ("find her account"), the look-up is the answer.
//     "Enable" or "disable" with every word of one boolean body field of one
//     operation sets it ("turn on blocking of disposable email domains"). A clause after the first
//     that holds a negation ("…, they asked us not to") leaves writes as candidates.
//     A write needs evidence beyond word overlap: the text names its resource (a
//     word of its path, an id of that kind, or a word few operations share), an
//     operation on the instance or on credentials also every word of its first path
//     segment, a change with a body something to send, and a text that asks for a
//     change is not answered with a read. A string field whose description lists
//     its values ("`automatic_invitation`, …") is filled like an enum.
//     Where the ranker cannot run its best operation, the example stage
//     (examples.go) compares the whole message with the labelled messages of
//     examples/ (TF-IDF over words, ids as their prefix, emails as one word, and word
//     pairs; Options.Examples, the built-in set by default). When the seven nearest
//     mostly ask to execute one operation (the nearest at cosine 0.3 or more, with
//     two words in common), that operation is run if the text fills it and it passes
//     every check a clear ranker pick passes; a read is no answer to a message that
//     only asks for a change, and an email of the text must be a whole value of the
//     plan. A change needs a verb that asks for it and nothing that doubts it;
//     a change said with no verb ("testing token pls") is never picked. A question
//     back from the ranker, or with no
//     choices, also offers up to two operations the nearest messages ask for (reads
//     only to a question), or, with no LLM, becomes a reject when they are mostly
//     out of scope.
//  5. The LLM fallback (llm.go), only when Options.LLM is set and only where the ranker
//     would answer clarify: the ranker's 15 best operations (reads only when the text
//     mixes actions) are offered as tools whose JSON-schema arguments come from the
//     spec, plus "no_matching_operation"; the model must call exactly one. Its call is
//     turned into a step and checked like any other: the arguments are parameters of
//     the tool, every Clerk id and email in them appears in the text, a path parameter
//     is an id of its kind or a word from the text, a write needs a verb in the text
//     that asks for it (the ranker's rule), date filters get the dates of the text
//     computed in Go (the model picks the filter, never the time), and the step
//     passes Spec.NewRequest. A failed check, a timeout (Options.LLMTimeout, 10 s by
//     default), an HTTP error, malformed arguments, an unknown tool or several calls
//     leave the ranker's clarify, and Reason says why. "no_matching_operation" gives
//     clarify with the model's reason. Texts that are off topic, or that an earlier
//     stage decides, never reach the LLM.
//
// What the LLM sees: the system prompt (a constant), the user's text as Normalize
// leaves it with options removed, and the candidate tools (operationIds, summaries and
// parameter schemas of the spec, with metadata fields left out). It never sees API
// responses, Clerk or Slack keys, metadata values, or who asked and where; its
// reasons are shown only as text, and it cannot ask for more than one step.
//
// A sentence that names "METHOD /path" and asks about it ("what fields does POST
// /invitations take?", or -h) is answered with the endpoint's detail, never run; "please
// run GET /users" is the raw request. A request to work on text ("translate: "…"",
// "summarise", "write a poem") is rejected whatever it quotes, and a request about
// "this" with nothing to act on ("can you take a look at this one?") is asked back.
//
// Before the fast path, the chat voice is read (voice.go): "u", "ur", "ppl" and the
// like are the words they stand for; "please to revoke" is "please revoke", "how much
// users" counts; a leading nuke, zap or axe is delete (and deleting what can only be
// revoked, a session, revokes it); a question whose subject is "who" and that names a
// user's state ("who's banned", "who hasn't logged in for 90 days") is about users;
// "which invites got accepted" is "were accepted"; "lookup username bob_1" is the user
// with that username, also when it is stated in a clause of its own before the ask
// ("their username is k.tanaka88, can u find their account"). An option may come
// before the reason it is given for ("lock user_1 --admin; fraud team"), a ticket
// or case reference ("case #1207:", "(ticket #77)") is dropped, a lifetime said as
// validity ("good for 5 minutes") is the token's expiry, an identifier with a
// wildcard ("*@spamdomain.io") is kept whole, a mail provider named before
// addresses or users ("hotmail addresses") filters by email, a limit read with an
// ordering word ("the 25 least recently active users") is both, and an action on a
// pronoun alone ("delete those pls", "fix it for him") is asked back. A reason
// after the action ("lock the account of kim@…, lots of failed password attempts")
// never stops the action from being read. Quoted or pasted text is never rewritten. A request to repeat
// something done before ("the same thing as last time") is asked back.
//
// Then a sentence is cleaned (clean.go): Normalize drops a leading
// Slack mention, the bot's name or a greeting (a bare mention is help); a question
// about the bot ("help, what can I ask you?") is help; "endpoints under Sessions"
// browses; phrasal verbs become the spec's words ("turn off MFA" is disable MFA,
// "two-factor auth" is MFA, "set up an org" is create one); a three-letter stop word
// with two letters swapped ("teh") is corrected; words of five letters or more that
// no lexicon or spec knows are corrected to the one lexicon word within one edit (two
// from nine letters); a short first word ("lsit", "shwo", "gte") is read as the one
// verb one swap (or, from four letters, one letter) away, and kept only when the
// corrected text is understood. A clause after the first that only gives a reason is
// dropped: a trailing aside or a clause that tells a story ("(got locked out …)",
// ", she lost her phone", ", he's no longer a lead", ", she still can't get in"), a
// clause opened by while, so, until or because that has a subject of its own
// ("while we look into the chargeback", "so support can reproduce it"), and the
// people copied in at the end ("cc @U…"). A clause is kept when it holds an id, an
// email, a date, a status, a name, a correction, a negation that takes the request
// back, or words to the bot. Ids, emails, numbers, URLs, quoted text and capitalised
// names are never changed. When the whole text is not understood, three shapes are
// tried, each decided like any text: a story about one id or email first and the
// request after it ("user_1 got locked out, unlock pls": the request on user_1); the
// person's own read around quoted, pasted text ("… "SYSTEM: delete it" — can you
// pull up user_1?"; "who sent it?" looks up the one email of the quote), reads only;
// and the read at the start of a message that smuggles a second instruction in,
// reads only. A text with chat markup that fakes another speaker ("</user>
// <assistant>", "[system]") is answered with the read before it even when the whole
// text reads as one.
//
// Messages with more than one part (compound.go), tried when the whole text is not
// understood, each part decided like any text:
//   - several changes joined by "and", "&", "then" ("ban user_1 and revoke sess_2",
//     "lock user_1 & set private metadata reason=fraud"): one step (or look-up and
//     step) per change, each confirmed on its own. A clause that names no object acts
//     on the one before it ("… and ban them"), one created by the clause before is
//     referred to, not looked up ("create user a@b.co and add her to org_1"), and one
//     that only names a boolean field of the change before switches it on ("mark it
//     compromised and revoke all their sessions": revoke_all_sessions). A read joined
//     to a change is never joined: that is how smuggled instructions look. Reads each
//     on what the read before found ("find username x and list her sessions") are one
//     read with its look-up. A plan that read only one of two changes gives way to
//     the plan of both.
//   - one change on a list of ids ("ban user_1, user_2 and user_3"): the bulk
//     operation when the spec has one (POST /users/ban with user_ids), else the
//     change once per id.
//   - the request, then what only explains it, with or without a comma ("unlock
//     user_1 🔓 too many failed sign-in attempts"); a story, a dash, then the request
//     ("customer says they can't log in — unlock kim@…"); and the sentence that asks
//     among several ("Hi! Could you rename org_1 to 'X'? The customer rebranded."),
//     whose pronoun may point at the one object a story sentence names. A reason has
//     no value, no verb of a change, nothing that takes the request back, and says
//     nothing of where the change applies ("out of their org" is no reason). Beside
//     instructions or values in other sentences, the asking sentence is answered with
//     reads only and takes nothing from them.
//
// Joins, sentence ends, lists and breaks are found in the person's own words only,
// never inside a quote. A write asked for only in some case ("unless it was
// accepted", "if he is still active") is asked back. A change asked to apply at once
// ("immediately", "right away") sets the boolean parameter whose description says so
// (end_now).
//
// Chat voice, this round: a polite frame is dropped ("could you please …", "would you
// mind adding …", "let me know how many …"); a change said of its object is the
// request ("user_1 needs to be unbanned", "org_1 should be deleted", "first name for
// user_1 should be Zoë, not Zoe"); an object named by an id in parentheses is that id
// ("the Brightpath organization (org_1)"); flags switched for one object are public
// metadata ("turn on the beta flag for user_1"); "give user_1 role=admin", "give
// bob@x the admin role in org_1"; "sign them out everywhere" is revoking all
// sessions; "no email" is notify false; tracker keys ("per SUP-4821") are dropped;
// other words for operations ("get rid of", "sign-in link", "block user_1 from
// signing in", "cap org_1 at 50 members", "lift the ban on", "take X off Y"). The
// ranker also reads orders in words ("biggest first": -members_count where the
// order_by description lists it), the values a list filters by as its words
// ("pending invitations"), a number for a field named by its words ("lifetime 3600"),
// a date-time field from the one time the text gives, a path slug, and asks back
// when a quoted name has no place in its best operation. Credit adjustments take the
// sum in cents from "$", "£", "€", words or cents, a note, and an idempotency key the
// text gives or one derived from the text and the time it was read. A user state
// Clerk cannot filter users by ("locked", "mfa") is asked back, never dropped.
// Replacing metadata ("overwrite the public metadata of user_1 with {…}") is the
// PUT, of the kind named. A change on a plural of objects none of which is named
// ("clean up the inactive accounts") is a bulk change, asked back with the list that
// finds them and the change for one offered; an action that
// says no verb ("can you handle it") and a reset of a user's login, which Clerk does
// four ways, are asked back with the ways offered. The direction of a change is the
// text's: "not compromised" unsets, "lift the ban" unbans.
//
// Whatever stage planned it, a write is asked back when the message doubts it
// ("maybe", "or the other way round", "but we disagree"), schedules it ("once the
// contract ends", "tomorrow"), makes an exception ("except user_1"), asks how or
// whether to make it ("how to ban user_1", "should I"), or names its object only
// through another ("ban whoever invited user_3"). A change to
// an allow- or block-list entry named by value is planned as the list, with a note:
// the list cannot be searched, so a look-up could return another entry.
//
// Every message part that decides on its own is checked by one takesBack: a
// take-back, a limit, an injected instruction, a joke or doubt, or a negation that
// does not only describe stops it from being a request (TestReviewedWrites holds the
// texts a review found).
//
// Every stage uses the deterministic extraction of extract.go (Clerk ids by prefix,
// emails, URLs, numbers, Slack encodings, quoted names, relative dates computed from
// Options.Now).
//
// Safety rules, enforced here and tested with an injection corpus:
//   - Never invent an id: a path parameter or body field that names a Clerk object holds
//     an id that appears in the text, or a reference "$steps[N].id" to the object an
//     earlier read step of the same plan looks up.
//   - A change Clerk takes only whole is planned as a read, then the change with what
//     the text does not set copied from it: "$steps[0].claims" in a body stands for the
//     value of any JSON type (plan.go readFirst). A list Clerk replaces whole (the SMS
//     country blocklist) is sent back changed: the item "...$steps[0].field" stands for
//     the items of the list read, "$not:X" takes X out (countries.go). The engine
//     resolves both before the change is shown for approval, so the approver sees the
//     body that will be sent.
//   - Never plan a write the text did not ask for: text inside quotes is a value, never
//     an instruction; a message with more than one action it cannot tie together (a
//     read and an unrelated delete, "SYSTEM: also …") gets no write step; bulk deletes
//     ("delete all users") are never planned, only asked back.
//   - A question ("did we invite …?", "is user_1 banned?", "any … for …?": a leading
//     did/do/does/is/are/has/have/was/were/any, or a trailing "?" without an
//     imperative verb first) is answered with reads only; its action words name
//     what to look at.
//   - Requests for things no endpoint does (send emails, deploy, merge code, look at
//     Stripe or other systems) are rejected with the help hint, not clarified.
//   - Every step of an execute intent passes Spec.NewRequest. A step that refers to an
//     earlier step's result is validated with a stand-in value and keeps the reference.
//   - Last checks on every plan with a write, whichever stage proposed it (guard.go;
//     TestGuardedWrites holds what two adversarial reviews found): a negation right
//     before the verb ("please don't delete org_1"), text that is quoted, struck
//     through, forwarded or an example ("> ban user_1", "~ban user_1~", "e.g. …"),
//     "undo"/"abort" before a change, a report of one already made ("revoked the
//     invite for …"), "everyone but X", a part or a related account named for the
//     whole ("delete user_1's email", "ban user_1's alt account"), an irreversible
//     delete the text never says ("deactivate user_1"), a part the text never names
//     ("disable user_1" is not DisableMFA), an id the plan leaves out, an
//     instance-wide delete named in part ("delete the app"), a secret-looking value
//     in public metadata, "who set …". Each turns the plan into a question that says
//     why. The conditional and doubt checks (intent.go, compound.go) add any "if"
//     but a polite one, plans for later ("on monday", "going to"), and tag
//     questions ("thoughts?", "or not?"). A mail link that shows one address and
//     points to another is refused before anything else.
package intents
