package confirm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/clerkbot/clerkbot/clerk"
)

// Reader sends read-only requests; *clerk.Client implements it.
type Reader interface {
	Do(ctx context.Context, r *clerk.Request) (*clerk.Response, error)
}

// Previewer builds the preview of a confirmation card with read-only calls, before the
// card is shown: what a delete destroys, what a metadata change does. A look-up that
// fails is reported in Preview.Problems, never fatal: the card shows what is known.
type Previewer struct {
	Clerk Reader
}

// metadataKinds explains the three kinds of metadata, shown on every metadata change.
var metadataKinds = []string{
	"public_metadata: readable by your frontend and backend, writable only by the backend (plans, roles, feature flags).",
	"private_metadata: backend only, never sent to the browser (billing and internal ids).",
	"unsafe_metadata: readable and writable by the frontend too; use it only when the user may change it.",
}

// Preview returns the preview of r, a request of spec that needs a confirmation.
func (p *Previewer) Preview(ctx context.Context, spec *clerk.Spec, r *clerk.Request) *Preview {
	pv := &Preview{}
	userID := r.PathParams["user_id"]
	orgID := r.PathParams["organization_id"]
	switch r.Op.ID {
	case "DeleteUser":
		pv.Irreversible = true
		if u := p.get(ctx, spec, pv, "GetUser", map[string]string{"user_id": userID}, nil); u != nil {
			pv.Target = userTarget(u)
			pv.Counts = append(pv.Counts,
				Count{"email addresses", int64(lenOf(u["email_addresses"]))},
				Count{"phone numbers", int64(lenOf(u["phone_numbers"]))},
				Count{"external accounts", int64(lenOf(u["external_accounts"]))},
				Count{"metadata keys", int64(lenOf(u["public_metadata"]) + lenOf(u["private_metadata"]) + lenOf(u["unsafe_metadata"]))},
			)
		}
		if n, ok := p.count(ctx, spec, pv, "GetSessionList", nil, url.Values{"user_id": {userID}, "status": {"active"}, "limit": {"500"}}); ok {
			pv.Counts = append(pv.Counts, Count{"active sessions", n})
		}
		if n, ok := p.count(ctx, spec, pv, "UsersGetOrganizationMemberships", map[string]string{"user_id": userID}, url.Values{"limit": {"1"}}); ok {
			pv.Counts = append(pv.Counts, Count{"organization memberships", n})
		}
		pv.Alternatives = []string{
			"ban user " + userID + " (reversible: signs them out and blocks sign-in)",
			"lock user " + userID + " (reversible: blocks sign-in until unlocked)",
		}
	case "DeleteOrganization":
		pv.Irreversible = true
		if o := p.get(ctx, spec, pv, "GetOrganization", map[string]string{"organization_id": orgID}, nil); o != nil {
			pv.Target = fmt.Sprintf("%v (%v)", o["name"], o["id"])
		}
		if n, ok := p.count(ctx, spec, pv, "ListOrganizationMemberships", map[string]string{"organization_id": orgID}, url.Values{"limit": {"1"}}); ok {
			pv.Counts = append(pv.Counts, Count{"members", n})
		}
		if n, ok := p.count(ctx, spec, pv, "ListOrganizationInvitations", map[string]string{"organization_id": orgID}, url.Values{"limit": {"1"}, "status": {"pending"}}); ok {
			pv.Counts = append(pv.Counts, Count{"pending invitations", n})
		}
	case "UpdateUserMetadata", "MergeOrganizationMetadata":
		getOp, params := "GetUser", map[string]string{"user_id": userID}
		if r.Op.ID == "MergeOrganizationMetadata" {
			getOp, params = "GetOrganization", map[string]string{"organization_id": orgID}
		}
		pv.Notes = append(pv.Notes, metadataKinds...)
		var change map[string]any
		if err := decode(r.Body, &change); err != nil {
			pv.Problems = append(pv.Problems, "the body is not a JSON object")
			break
		}
		for _, kind := range sortedKinds(change) {
			pv.Notes = append(pv.Notes, "This change writes "+kind+"; keys set to null are removed; other keys are kept (deep merge).")
		}
		if cur := p.get(ctx, spec, pv, getOp, params, nil); cur != nil {
			if u, ok := cur["object"].(string); ok && u == "user" {
				pv.Target = userTarget(cur)
			} else {
				pv.Target = fmt.Sprintf("%v (%v)", cur["name"], cur["id"])
			}
			before, after := map[string]any{}, map[string]any{}
			for kind, patch := range change {
				old, _ := cur[kind].(map[string]any)
				before[kind] = old
				after[kind] = merge(old, patch)
			}
			pv.Before, _ = json.Marshal(before)
			pv.After, _ = json.Marshal(after)
		}
	default:
		if r.Method() == "DELETE" {
			pv.Irreversible = true
		}
		if userID != "" {
			if u := p.get(ctx, spec, pv, "GetUser", map[string]string{"user_id": userID}, nil); u != nil {
				pv.Target = userTarget(u)
			}
		} else if orgID != "" {
			if o := p.get(ctx, spec, pv, "GetOrganization", map[string]string{"organization_id": orgID}, nil); o != nil {
				pv.Target = fmt.Sprintf("%v (%v)", o["name"], o["id"])
			}
		}
	}
	return pv
}

// get runs a read of the object the request acts on and decodes it, noting a failure
// in the preview; a 404 marks the target missing.
func (p *Previewer) get(ctx context.Context, spec *clerk.Spec, pv *Preview, opID string, params map[string]string, q url.Values) map[string]any {
	resp, ok := p.read(ctx, spec, pv, opID, params, q)
	if !ok {
		if errors.Is(resp.err, clerk.ErrNotFound) && pv.Missing == "" {
			pv.Missing = notFoundMessage(resp.err)
		}
		return nil
	}
	var obj map[string]any
	if err := decode(resp.Body, &obj); err != nil {
		pv.Problems = append(pv.Problems, opID+": the answer is not an object")
		return nil
	}
	return obj
}

// count runs a list read and returns its total (or its length when Clerk gives none).
func (p *Previewer) count(ctx context.Context, spec *clerk.Spec, pv *Preview, opID string, params map[string]string, q url.Values) (int64, bool) {
	resp, ok := p.read(ctx, spec, pv, opID, params, q)
	if !ok {
		return 0, false
	}
	req := resp.request
	l, err := clerk.DecodeList(req, resp.Body)
	if err != nil {
		pv.Problems = append(pv.Problems, opID+": "+err.Error())
		return 0, false
	}
	if l.TotalKnown {
		return l.Total, true
	}
	return int64(len(l.Items)), true
}

type readResult struct {
	*clerk.Response
	request *clerk.Request
	err     error
}

func (p *Previewer) read(ctx context.Context, spec *clerk.Spec, pv *Preview, opID string, params map[string]string, q url.Values) (readResult, bool) {
	op, ok := spec.Operation(opID)
	if !ok || !op.IsRead() {
		pv.Problems = append(pv.Problems, opID+" is not a read of version "+spec.Version)
		return readResult{}, false
	}
	req, err := spec.NewRequest(op, params, q, nil)
	if err != nil {
		pv.Problems = append(pv.Problems, op.Summary+" is not possible: "+err.Error())
		return readResult{}, false
	}
	resp, err := p.Clerk.Do(ctx, req)
	if err != nil {
		pv.Problems = append(pv.Problems, op.Summary+" failed: "+err.Error())
		return readResult{err: err}, false
	}
	return readResult{Response: resp, request: req}, true
}

// notFoundMessage keeps Clerk's own sentence for a 404.
func notFoundMessage(err error) string {
	var api *clerk.APIError
	if errors.As(err, &api) {
		if api.LongMessage != "" {
			return api.LongMessage
		}
		if api.Message != "" {
			return api.Message
		}
	}
	return err.Error()
}

func decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

func userTarget(u map[string]any) string {
	name := strings.TrimSpace(fmt.Sprintf("%s %s", str(u["first_name"]), str(u["last_name"])))
	if name == "" {
		name = str(u["username"])
	}
	email := ""
	primary := str(u["primary_email_address_id"])
	if list, ok := u["email_addresses"].([]any); ok {
		for _, e := range list {
			if m, ok := e.(map[string]any); ok && (primary == "" || str(m["id"]) == primary) {
				email = str(m["email_address"])
				break
			}
		}
	}
	switch {
	case name != "" && email != "":
		return fmt.Sprintf("%s <%s> (%s)", name, email, str(u["id"]))
	case email != "":
		return fmt.Sprintf("%s (%s)", email, str(u["id"]))
	case name != "":
		return fmt.Sprintf("%s (%s)", name, str(u["id"]))
	}
	return str(u["id"])
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

func lenOf(v any) int {
	switch v := v.(type) {
	case []any:
		return len(v)
	case map[string]any:
		return len(v)
	}
	return 0
}

func sortedKinds(m map[string]any) []string {
	kinds := make([]string, 0, len(m))
	for k := range m {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	return kinds
}

// merge is Clerk's deep merge of metadata: objects merge key by key, null removes a key,
// anything else replaces.
func merge(old map[string]any, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	out := make(map[string]any, len(old)+len(p))
	for k, v := range old {
		out[k] = v
	}
	for k, v := range p {
		if v == nil {
			delete(out, k)
			continue
		}
		if pm, ok := v.(map[string]any); ok {
			om, _ := out[k].(map[string]any)
			out[k] = merge(om, pm)
			continue
		}
		out[k] = v
	}
	return out
}
