package confirm_test

import (
	"context"
	"testing"

	"github.com/clerkbot/clerkbot/clerk/clerktest"
	"github.com/clerkbot/clerkbot/confirm"
)

// BenchmarkRoundTrip measures one confirmation from request to recorded outcome: Create
// (one write transaction), Approve (a read, two write transactions) and the PATCH it runs
// against the emulator over loopback HTTP, with bbolt's fsyncs.
func BenchmarkRoundTrip(b *testing.B) {
	e := newEnv(b)
	uid := e.addUser(clerktest.UserSeed{Username: "bench"})
	req := e.request("UpdateUserMetadata", map[string]string{"user_id": uid}, nil, `{"public_metadata":{"plan":"pro"}}`)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		c, err := e.svc.Create(ctx, req, ann, confirm.TierWrite, confirm.CreateOptions{})
		if err != nil {
			b.Fatal(err)
		}
		got, _, err := e.svc.Approve(ctx, c.ID, bob)
		if err != nil || got.State != confirm.Succeeded {
			b.Fatal(got, err)
		}
	}
}

// BenchmarkRoundTripDelete is the same with a user delete, the emulator's users added
// outside the timed part.
func BenchmarkRoundTripDelete(b *testing.B) {
	e := newEnv(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		uid := e.addUser(clerktest.UserSeed{})
		req := e.deleteUser(uid)
		b.StartTimer()
		c, err := e.svc.Create(ctx, req, ann, confirm.TierDestructive, confirm.CreateOptions{})
		if err != nil {
			b.Fatal(err)
		}
		got, _, err := e.svc.Approve(ctx, c.ID, bob)
		if err != nil || got.State != confirm.Succeeded {
			b.Fatal(got, err)
		}
	}
}
