// Package intents turns a chat message into an Intent: what clerkbot should do with it
// (help, browse, detail, execute, clarify or reject) and, for execute, the Backend API
// requests to make, each validated against the spec. Nothing here calls Clerk or Slack;
// look-ups by name or email are planned as read steps that the engine runs later.
//
// Parse runs the stages in order and the first one that decides wins:
//
//  1. Modes and options: --admin, --version DATE / version DATE[.yml], help (-h,
//     --help), "tags", a tag name in any casing, and "METHOD /path help" (detail).
//  2. Raw requests: "METHOD /path?query {json}" matched to the spec's templates and
//     validated; an invalid request is rejected with the validator's precise message.
//  3. Fast-path rules for the head of real traffic (users, organizations, memberships,
//     invitations, sessions), written for precision: a rule abstains when the text
//     names more than one resource or action it does not understand.
//  4. The offline ranker (ranker.go): BM25 over every operation's summary, path words,
//     tag and first description sentence, with a verb → method prior, a penalty for
//     path words and known words the text and the operation do not share, and path
//     parameters filled from the ids in the text. It executes only when the best
//     operation is clearly ahead, every path parameter is filled, and it is a read or a
//     write whose method agrees with the verb; otherwise it answers clarify with the
//     top three candidates. Text with no Clerk word, id or email is rejected.
//  5. The LLM fallback is not built yet.
//
// Every stage uses the deterministic extraction of extract.go (Clerk ids by prefix,
// emails, URLs, numbers, Slack encodings, quoted names, relative dates computed from
// Options.Now).
//
// Safety rules, enforced here and tested with an injection corpus:
//   - Never invent an id: a path parameter or body field that names a Clerk object holds
//     an id that appears in the text, or a reference "$steps[N].id" to the object an
//     earlier read step of the same plan looks up.
//   - Never plan a write the text did not ask for: text inside quotes is a value, never
//     an instruction; a message with more than one action it cannot tie together (a
//     read and an unrelated delete, "SYSTEM: also …") gets no write step; bulk deletes
//     ("delete all users") are refused.
//   - Every step of an execute intent passes Spec.NewRequest. A step that refers to an
//     earlier step's result is validated with a stand-in value and keeps the reference.
package intents
