package confirm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/clerkbot/clerkbot/clerk"
)

// readTimeout bounds each read Reconcile makes.
const readTimeout = 30 * time.Second

// What Reconcile tells a person, in the result and the audit detail.
const (
	noteNotRun = "it did not run before clerkbot stopped (a read after the restart shows no change); " +
		"nothing was re-run: ask again if it is still wanted"
	noteUnknown = "clerkbot stopped while this was running and no read can tell whether Clerk applied it; " +
		"check in Clerk before asking again"
)

// verdict is what a read after a restart showed about an EXECUTING confirmation.
type verdict struct {
	state State
	note  string
	trace string // of the read, for the audit log
}

func doubt(note string) verdict { return verdict{state: InDoubt, note: note} }

// Reconcile resolves the EXECUTING confirmations left by a process that stopped between
// committing EXECUTING and recording the outcome. It never runs a request again; it
// reads:
//
//   - a DELETE: GET the same path (404 → SUCCEEDED; still there → FAILED, it did not
//     run); an organization membership is looked for in the organization's member list;
//   - ban, unban, lock, unlock: GET the user and compare the flag (as wanted → SUCCEEDED,
//     else FAILED);
//   - a metadata merge (UpdateUserMetadata, MergeOrganizationMetadata): GET the owner and
//     check every merged key has its new value, null meaning absent (→ SUCCEEDED, else
//     IN_DOUBT: someone may have changed it since);
//   - anything else: IN_DOUBT, for a person to check.
//
// A read that fails (Clerk down, say) leaves the record EXECUTING and is reported in
// the error, so Reconcile can be called again. Executions this Service is running are
// skipped, so calling Reconcile at any time is safe; call it at start, before serving.
func (s *Service) Reconcile(ctx context.Context) ([]*Confirmation, error) {
	list, listErr := s.store.Confirmations(Executing)
	errs := []error{listErr}
	var out []*Confirmation
	for _, p := range list {
		if s.isInflight(p.ID) {
			continue
		}
		v, err := s.verify(ctx, p)
		if err != nil {
			errs = append(errs, fmt.Errorf("confirm: reconcile %s: could not check, left EXECUTING: %w", p.ID, err))
			continue
		}
		c, err := s.update(p.ID, func(c *Confirmation, now time.Time) ([]AuditEntry, error) {
			if c.State != Executing || s.isInflight(c.ID) {
				return nil, errSkip
			}
			c.State = v.state
			c.Result = &Result{}
			if v.state != Succeeded {
				c.Result.Error = v.note
			}
			event := map[State]string{Succeeded: "executed", Failed: "failed", InDoubt: "in_doubt"}[v.state]
			e := withDetail(entry(c, event, clerkbotActor, now), "reconciled after a restart: "+v.note)
			e.TraceID = v.trace
			return []AuditEntry{e}, nil
		})
		switch {
		case errors.Is(err, errSkip):
		case err != nil:
			errs = append(errs, fmt.Errorf("confirm: reconcile %s: %w", p.ID, err))
		default:
			s.log.LogAttrs(ctx, slog.LevelWarn, "confirmation reconciled", append(attrs(c), slog.String("note", v.note))...)
			out = append(out, c)
		}
	}
	return out, errors.Join(errs...)
}

// verify decides what became of c with reads. An error means a read failed and the
// question is still open.
func (s *Service) verify(ctx context.Context, c *Confirmation) (verdict, error) {
	spec, err := s.specs.Get(ctx, c.Call.Version)
	if err != nil {
		return verdict{}, fmt.Errorf("spec %s: %w", c.Call.Version, err)
	}
	r, err := c.Call.Request(spec)
	if err != nil {
		return doubt("the stored request cannot be rebuilt to check it (" + err.Error() + "); " + noteUnknown), nil
	}
	if Hash(r) != c.Hash {
		return doubt("the stored request does not match the approved one; " + noteUnknown), nil
	}
	switch id := r.Op.ID; {
	case strings.EqualFold(id, "DeleteOrganizationMembership"):
		return s.verifyMembershipGone(ctx, spec, r)
	case r.Method() == http.MethodDelete:
		return s.verifyGone(ctx, spec, r)
	case strings.EqualFold(id, "BanUser"):
		return s.verifyUserFlag(ctx, spec, r, "banned", true)
	case strings.EqualFold(id, "UnbanUser"):
		return s.verifyUserFlag(ctx, spec, r, "banned", false)
	case strings.EqualFold(id, "LockUser"):
		return s.verifyUserFlag(ctx, spec, r, "locked", true)
	case strings.EqualFold(id, "UnlockUser"):
		return s.verifyUserFlag(ctx, spec, r, "locked", false)
	case strings.EqualFold(id, "UpdateUserMetadata"), strings.EqualFold(id, "MergeOrganizationMetadata"):
		return s.verifyMerged(ctx, spec, r)
	}
	return doubt(noteUnknown), nil
}

// read sends a GET built for op with the given parameters. ok is false when the
// request cannot be built (the spec lacks the operation or a parameter).
func (s *Service) read(ctx context.Context, spec *clerk.Spec, template string, params map[string]string, query url.Values) (resp *clerk.Response, ok bool, err error) {
	op, found := spec.Lookup(http.MethodGet, template)
	if !found {
		return nil, false, nil
	}
	g, err := spec.NewRequest(op, params, query, nil)
	if err != nil {
		return nil, false, nil
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	resp, err = s.exec.Do(ctx, g)
	return resp, true, err
}

func traceOf(resp *clerk.Response, err error) string {
	var apiErr *clerk.APIError
	if errors.As(err, &apiErr) {
		return apiErr.TraceID
	}
	if resp != nil {
		return resp.TraceID
	}
	return ""
}

// verifyGone checks a DELETE with a GET of the same path.
func (s *Service) verifyGone(ctx context.Context, spec *clerk.Spec, r *clerk.Request) (verdict, error) {
	resp, ok, err := s.read(ctx, spec, r.Op.Path, r.PathParams, nil)
	switch {
	case !ok:
		return doubt(noteUnknown), nil
	case errors.Is(err, clerk.ErrNotFound):
		return verdict{state: Succeeded, note: "a GET after the restart answered 404: it is gone", trace: traceOf(resp, err)}, nil
	case err != nil:
		return verdict{}, err
	}
	return verdict{state: Failed, note: noteNotRun, trace: traceOf(resp, nil)}, nil
}

// verifyMembershipGone checks DELETE /organizations/{organization_id}/memberships/{user_id},
// which has no GET of its own, with the organization's member list filtered by user.
func (s *Service) verifyMembershipGone(ctx context.Context, spec *clerk.Spec, r *clerk.Request) (verdict, error) {
	org, user := r.PathParams["organization_id"], r.PathParams["user_id"]
	resp, ok, err := s.read(ctx, spec, "/organizations/{organization_id}/memberships",
		map[string]string{"organization_id": org}, url.Values{"user_id": {user}})
	switch {
	case !ok:
		return doubt(noteUnknown), nil
	case errors.Is(err, clerk.ErrNotFound):
		return verdict{state: Succeeded, note: "the organization is gone, and its memberships with it", trace: traceOf(resp, err)}, nil
	case err != nil:
		return verdict{}, err
	}
	var page struct {
		Data []struct {
			PublicUserData struct {
				UserID string `json:"user_id"`
			} `json:"public_user_data"`
		} `json:"data"`
		TotalCount *int `json:"total_count"`
	}
	if json.Unmarshal(resp.Body, &page) != nil || page.TotalCount == nil {
		return doubt("the member list after the restart could not be read; " + noteUnknown), nil
	}
	for _, m := range page.Data {
		if m.PublicUserData.UserID == user {
			return verdict{state: Failed, note: noteNotRun, trace: resp.TraceID}, nil
		}
	}
	if *page.TotalCount == 0 {
		return verdict{state: Succeeded, note: "the member list after the restart no longer has the user", trace: resp.TraceID}, nil
	}
	return doubt("the member list after the restart is not conclusive; " + noteUnknown), nil
}

// verifyUserFlag checks ban, unban, lock and unlock with a GET of the user.
func (s *Service) verifyUserFlag(ctx context.Context, spec *clerk.Spec, r *clerk.Request, field string, want bool) (verdict, error) {
	resp, ok, err := s.read(ctx, spec, "/users/{user_id}", map[string]string{"user_id": r.PathParams["user_id"]}, nil)
	switch {
	case !ok:
		return doubt(noteUnknown), nil
	case errors.Is(err, clerk.ErrNotFound):
		return doubt("the user is gone, so whether it ran cannot be told; " + noteUnknown), nil
	case err != nil:
		return verdict{}, err
	}
	var u map[string]any
	if json.Unmarshal(resp.Body, &u) != nil {
		return doubt("the user after the restart could not be read; " + noteUnknown), nil
	}
	got, isBool := u[field].(bool)
	switch {
	case !isBool:
		return doubt("the user after the restart has no " + field + " flag; " + noteUnknown), nil
	case got == want:
		return verdict{state: Succeeded, note: fmt.Sprintf("a GET after the restart shows %s=%t", field, want), trace: resp.TraceID}, nil
	}
	return verdict{state: Failed, note: fmt.Sprintf("%s (%s is still %t)", noteNotRun, field, got), trace: resp.TraceID}, nil
}

// mergedKinds are the fields a metadata merge may carry.
var mergedKinds = []string{"public_metadata", "private_metadata", "unsafe_metadata"}

// verifyMerged checks a metadata deep-merge with a GET of the user or organization: every
// key of the patch must have its new value, and every key set to null must be absent.
func (s *Service) verifyMerged(ctx context.Context, spec *clerk.Spec, r *clerk.Request) (verdict, error) {
	var patch map[string]any
	if json.Unmarshal(r.Body, &patch) != nil {
		return doubt(noteUnknown), nil
	}
	owner := strings.TrimSuffix(r.Op.Path, "/metadata")
	resp, ok, err := s.read(ctx, spec, owner, r.PathParams, nil)
	switch {
	case !ok || owner == r.Op.Path:
		return doubt(noteUnknown), nil
	case errors.Is(err, clerk.ErrNotFound):
		return doubt("it is gone, so whether the merge ran cannot be told; " + noteUnknown), nil
	case err != nil:
		return verdict{}, err
	}
	var cur map[string]any
	if json.Unmarshal(resp.Body, &cur) != nil {
		return doubt("the value after the restart could not be read; " + noteUnknown), nil
	}
	for _, kind := range mergedKinds {
		p, present := patch[kind]
		if !present {
			continue
		}
		pm, isObject := p.(map[string]any)
		if !isObject {
			return doubt(kind + " was not merged key by key; " + noteUnknown), nil
		}
		cm, _ := cur[kind].(map[string]any)
		if !merged(cm, pm) {
			return doubt("a GET after the restart does not show every new value: it may not have run, " +
				"or someone changed it since; check in Clerk before asking again"), nil
		}
	}
	return verdict{state: Succeeded, note: "a GET after the restart shows every merged value", trace: resp.TraceID}, nil
}

// merged reports whether cur already holds patch deep-merged into it: a null removes a
// key, an object merges into an object, anything else replaces.
func merged(cur, patch map[string]any) bool {
	for k, pv := range patch {
		cv, has := cur[k]
		switch pv := pv.(type) {
		case nil:
			if has {
				return false
			}
		case map[string]any:
			cm, isObject := cv.(map[string]any)
			if !isObject || !merged(cm, pv) {
				return false
			}
		default:
			if !has || !reflect.DeepEqual(cv, pv) {
				return false
			}
		}
	}
	return true
}
