package clerktest

import "github.com/clerkbot/clerkbot/clerk"

// CountryCodes are the codes the SMS blocklist recognizes, for the package's external
// tests, which need the whole set to reach the spec's 250-code limit with known codes.
var CountryCodes = clerk.CountryCodes()
