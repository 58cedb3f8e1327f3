package clerktest

import (
	"fmt"
	"strings"
)

// metadataCutoff is the API version from which PATCH /users/{user_id} and PATCH
// /organizations/{organization_id} reject metadata fields.
const metadataCutoff = "2026-05-12"

// legacyMetadata reports whether the request asks, through Clerk-API-Version, for an API
// version older than metadataCutoff, in which the update endpoints still replace metadata.
func legacyMetadata(c *call) bool {
	v := c.r.Header.Get("Clerk-API-Version")
	return v != "" && v < metadataCutoff
}

// replaceMetadata overwrites each metadata field present in f, as the update endpoints of
// API versions before metadataCutoff did. dsts follow names.
func replaceMetadata(f form, names []string, dsts ...*map[string]any) *apiError {
	for i, name := range names {
		v, present, err := f.object(name, false)
		if err != nil {
			return err
		}
		if present {
			*dsts[i] = mergeMetadata(nil, v)
		}
	}
	return nil
}

// metadataHint explains, for an unknown *_metadata field, where metadata goes since
// 2026-05-12.
func metadataHint(err *apiError, path string) *apiError {
	if err == nil || err.code != "form_param_unknown" {
		return err
	}
	if p, _ := err.meta["param_name"].(string); strings.HasSuffix(p, "_metadata") {
		err.longMessage = fmt.Sprintf("%s is not accepted here since API version 2026-05-12; use PATCH %s/metadata to merge or PUT %s/metadata to replace.", p, path, path)
	}
	return err
}

// updateMetadata merges (or, with replace, overwrites) each metadata field present in f
// into a copy of current, keyed by field name. Nothing is changed when any field is
// invalid.
func updateMetadata(f form, replace bool, current map[string]map[string]any) (map[string]map[string]any, *apiError) {
	out := map[string]map[string]any{}
	for name, cur := range current {
		patch, present, err := f.object(name, false)
		if err != nil {
			return nil, err
		}
		switch {
		case !present:
			out[name] = cur
		case replace:
			out[name] = mergeMetadata(nil, patch) // drops nulls, as a merge into {} does
		default:
			out[name] = mergeMetadata(cur, patch)
		}
	}
	return out, nil
}

// mergeMetadata applies patch to target with JSON merge patch semantics (RFC 7396): nested
// objects merge, null deletes a key, anything else replaces. target is not modified.
func mergeMetadata(target, patch map[string]any) map[string]any {
	out := make(map[string]any, len(target)+len(patch))
	for k, v := range target {
		out[k] = v
	}
	for k, pv := range patch {
		if pv == nil {
			delete(out, k)
			continue
		}
		pm, isObj := pv.(map[string]any)
		if !isObj {
			out[k] = pv
			continue
		}
		tm, _ := out[k].(map[string]any)
		out[k] = mergeMetadata(tm, pm)
	}
	return out
}

// cloneJSON deep-copies a decoded JSON value so stored metadata never aliases a caller's.
func cloneJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = cloneJSON(e)
		}
		return m
	case []any:
		s := make([]any, len(t))
		for i, e := range t {
			s[i] = cloneJSON(e)
		}
		return s
	default:
		return v
	}
}

func cloneMeta(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return cloneJSON(m).(map[string]any)
}
