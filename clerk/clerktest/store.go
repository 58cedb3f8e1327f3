package clerktest

import (
	"cmp"
	"encoding/json"
	"maps"
	"slices"
)

// store holds the emulated instance's objects. Every access happens with Server.mu held.
type store struct {
	users        map[string]*user
	orgs         map[string]*organization
	memberships  map[string]*membership // by membership id
	orgInvites   map[string]*orgInvitation
	invitations  map[string]*invitation
	sessions     map[string]*session
	jwtTemplates map[string]*jwtTemplate
	// blockedCountries is the instance's SMS country blocklist as checkBlockedCountries
	// returns it: recognized codes, sorted. nil is the empty list.
	blockedCountries []string
}

func newStore() store {
	return store{
		users:        map[string]*user{},
		orgs:         map[string]*organization{},
		memberships:  map[string]*membership{},
		orgInvites:   map[string]*orgInvitation{},
		invitations:  map[string]*invitation{},
		sessions:     map[string]*session{},
		jwtTemplates: map[string]*jwtTemplate{},
	}
}

// sortedValues returns a map's values ordered by creation time then id, so that every
// listing starts from the same order whatever Go's map iteration does.
func sortedValues[T any](m map[string]*T, created func(*T) int64, id func(*T) string) []*T {
	out := slices.Collect(maps.Values(m))
	slices.SortFunc(out, func(a, b *T) int {
		return cmp.Or(cmp.Compare(created(a), created(b)), cmp.Compare(id(a), id(b)))
	})
	return out
}

// sortByCreated sorts newest first (desc) or oldest first, breaking ties by id.
func sortByCreated[T any](s []*T, desc bool, created func(*T) int64, id func(*T) string) {
	slices.SortStableFunc(s, func(a, b *T) int {
		c := cmp.Or(cmp.Compare(created(a), created(b)), cmp.Compare(id(a), id(b)))
		if desc {
			return -c
		}
		return c
	})
}

// toMap renders v as the generic JSON value a client would decode, for lookups in tests.
func toMap(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil
	}
	return m
}

// listResponse is the {data, total_count} envelope of the organization lists.
type listResponse[T any] struct {
	Data       []T   `json:"data"`
	TotalCount int64 `json:"total_count"`
}

func newList[T any](p page, all []T) listResponse[T] {
	return listResponse[T]{Data: apply(p, all), TotalCount: int64(len(all))}
}
