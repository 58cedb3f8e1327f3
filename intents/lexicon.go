package intents

// Words the fast path understands. A rule fires only when every other word of the text
// is one of these or a value the rule consumed, so an unknown noun ("password",
// "subscription") makes the rules abstain rather than guess.

type verb int

const (
	vNone verb = iota
	vRead
	vList
	vCount
	vCreate
	vUpdate
	vDelete
	vBan
	vUnban
	vLock
	vUnlock
	vRevoke
	vInvite
	vRename
)

var verbs = map[string]verb{
	"get": vRead, "show": vRead, "display": vRead, "find": vRead, "fetch": vRead, "lookup": vRead,
	"look": vRead, "view": vRead, "see": vRead, "retrieve": vRead, "describe": vRead, "who": vRead,
	"whois": vRead, "inspect": vRead, "search": vRead, "details": vRead, "info": vRead, "check": vRead,
	"what": vRead, "which": vRead, "give": vRead, "tell": vRead, "pull": vRead, "read": vRead,
	"grab": vRead, "print": vRead, "chk": vRead, "gimme": vRead, "dump": vRead, "summarize": vRead, "summarise": vRead,
	"list": vList, "ls": vList, "enumerate": vList,
	"count": vCount, "many": vCount, "number": vCount, "total": vCount,
	"create": vCreate, "add": vCreate, "new": vCreate, "make": vCreate, "register": vCreate,
	"provision": vCreate, "onboard": vCreate, "mint": vCreate, "issue": vCreate,
	"update": vUpdate, "change": vUpdate, "set": vUpdate, "edit": vUpdate, "modify": vUpdate,
	"promote": vUpdate, "demote": vUpdate, "assign": vUpdate, "put": vUpdate, "store": vUpdate, "save": vUpdate, "mark": vUpdate, "flag": vUpdate, "tag": vUpdate,
	"bump": vUpdate, "raise": vUpdate, "increase": vUpdate, "decrease": vUpdate, "reduce": vUpdate,
	"upgrade": vUpdate, "downgrade": vUpdate, "switch": vUpdate, "deduct": vUpdate, "subtract": vUpdate, "grant": vUpdate, "stash": vUpdate, "merge": vUpdate,
	"rename": vRename,
	"delete": vDelete, "remove": vDelete, "destroy": vDelete, "erase": vDelete, "drop": vDelete,
	"rm": vDelete, "del": vDelete, "purge": vDelete, "wipe": vDelete, "kick": vDelete,
	"disconnect": vDelete, "unlink": vDelete, "detach": vDelete,
	"ban": vBan, "unban": vUnban, "lock": vLock, "unlock": vUnlock,
	"revoke": vRevoke, "cancel": vRevoke, "rescind": vRevoke, "withdraw": vRevoke,
	"end": vRevoke, "terminate": vRevoke, "kill": vRevoke, "invalidate": vRevoke,
	"invite": vInvite,
}

type resource int

const (
	rNone resource = iota
	rUser
	rOrg
	rMember
	rInvite
	rSession
	rMetadata
)

var resources = map[string]resource{
	"user": rUser, "users": rUser, "account": rUser, "accounts": rUser, "person": rUser,
	"people": rUser, "signups": rUser, "signup": rUser, "customer": rUser, "customers": rUser,
	"org": rOrg, "orgs": rOrg, "organization": rOrg, "organizations": rOrg, "organisation": rOrg,
	"organisations": rOrg, "company": rOrg, "companies": rOrg, "workspace": rOrg,
	"workspaces": rOrg, "tenant": rOrg, "tenants": rOrg,
	// groupNouns:
	"store": rOrg, "stores": rOrg, "shop": rOrg, "shops": rOrg, "cohort": rOrg, "cohorts": rOrg, "clan": rOrg, "clans": rOrg,
	"guild": rOrg, "guilds": rOrg, "club": rOrg, "clubs": rOrg,
	"member": rMember, "members": rMember, "membership": rMember, "memberships": rMember,
	"invitation": rInvite, "invitations": rInvite, "invites": rInvite,
	"session": rSession, "sessions": rSession,
	"metadata": rMetadata, "meta": rMetadata,
}

// groupNouns are what instances call their organizations: a marketplace's stores, a
// school's cohorts, a game's clans and guilds, a community's clubs. They name
// organizations (resources has them), but no typo is read as one ("build" is no
// "guild").
var groupNouns = wordSet(`store stores shop shops cohort cohorts clan clans guild guilds club clubs`)

// stop are words that carry no meaning a rule needs.
var stop = wordSet(`a an the of for with to in on from by me my our us we i you please can could
would will do does did is are was were be been it its this that these those and or at as id ids
all any some there their them him her his she he has have had need want wanna like just also up
so now everything every everyone whose whom into about via using named called titled hey hi hello
clerk clerkbot thanks thank pls plz quick quickly currently current let lets let's i'd i'm we're
exist exists existing how here should shall yes ok okay then their's out one same s
email emails address addresses mail username slug incl including`)

// qualifiers are words that list and count rules understand as filters.
var qualifiers = wordSet(`pending accepted revoked expired active banned locked recent recently
newest latest oldest most first top last limit signed sign signs joined registered created
logged log since before after today yesterday week month year this ago new days`)

func wordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range splitFields(s) {
		m[w] = true
	}
	return m
}

func splitFields(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' || s[i] == '\n' || s[i] == '\t' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}
