package clerk_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/clerkbot/clerkbot/clerk"
)

// The spec files are parsed once per test binary by testSpec (spec_test.go).

var update = flag.Bool("update", false, "rewrite the golden files under testdata/detail")

// slackChars counts a text as a Slack section does once &, < and > are escaped.
func slackChars(s string) int {
	return utf8.RuneCountInString(strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s))
}

var moreRE = regexp.MustCompile(`… (?:(\d+) more parameters?)?(?: and )?(?:(\d+) more fields?)? — ask for the full schema`)

// leftOut returns how many parameters and fields a Text says it left out.
func leftOut(text string) (params, fields int) {
	m := moreRE.FindStringSubmatch(text)
	if m == nil {
		return 0, 0
	}
	params, _ = strconv.Atoi(m[1])
	fields, _ = strconv.Atoi(m[2])
	return params, fields
}

// checkNothingDropped fails when a parameter or top-level field is neither named in the
// text nor counted as left out.
func checkNothingDropped(t *testing.T, d clerk.Detail, text string) {
	t.Helper()
	var shownParams, shownFields int
	for _, p := range d.Params {
		if strings.Contains(text, "`"+p.Name+"`") {
			shownParams++
		}
	}
	var fields []clerk.FieldDetail
	if d.Body != nil {
		fields = d.Body.Fields
	}
	for _, f := range fields {
		if strings.Contains(text, "`"+f.Name+"`") {
			shownFields++
		}
	}
	moreParams, moreFields := leftOut(text)
	if shownParams+moreParams != len(d.Params) || shownFields+moreFields != len(fields) {
		t.Errorf("%s %s: Text shows %d+%d more of %d parameters and %d+%d more of %d fields:\n%s",
			d.Method, d.Path, shownParams, moreParams, len(d.Params), shownFields, moreFields, len(fields), text)
	}
}

func TestDetailTextEveryOperation(t *testing.T) {
	for _, version := range versions {
		t.Run(version, func(t *testing.T) {
			longest, longestKey := 0, ""
			for _, o := range testSpec(t, version).Operations() {
				d := o.Detail()
				text := d.Text()
				n := slackChars(text)
				if n == 0 || n > clerk.TextLimit {
					t.Errorf("%s: Text has %d characters, want 1..%d", o.Key(), n, clerk.TextLimit)
				}
				if n > longest {
					longest, longestKey = n, o.Key()
				}
				if !strings.Contains(text, o.Method+" "+o.Path) {
					t.Errorf("%s: Text does not name the method and path:\n%s", o.Key(), text)
				}
				if o.Summary == "" || !strings.Contains(text, o.Summary) {
					t.Errorf("%s: Text does not contain the summary %q:\n%s", o.Key(), o.Summary, text)
				}
				if o.Deprecated != strings.Contains(text, "DEPRECATED") {
					t.Errorf("%s: deprecated %v, but Text says otherwise:\n%s", o.Key(), o.Deprecated, text)
				}
				checkNothingDropped(t, d, text)
			}
			t.Logf("longest Text: %d characters (%s)", longest, longestKey)
		})
	}
}

func TestSchemaJSONEveryOperation(t *testing.T) {
	for _, version := range versions {
		t.Run(version, func(t *testing.T) {
			largest, largestKey := 0, ""
			for _, o := range testSpec(t, version).Operations() {
				b, err := o.SchemaJSON()
				if err != nil {
					t.Errorf("%s: SchemaJSON: %v", o.Key(), err)
					continue
				}
				var got struct {
					OperationID string                     `json:"operationId"`
					Parameters  []map[string]any           `json:"parameters"`
					RequestBody map[string]any             `json:"requestBody"`
					Responses   map[string]json.RawMessage `json:"responses"`
				}
				if err := json.Unmarshal(b, &got); err != nil {
					t.Errorf("%s: SchemaJSON is not valid JSON: %v", o.Key(), err)
					continue
				}
				if len(b) > largest {
					largest, largestKey = len(b), o.Key()
				}
				d := o.Detail()
				if got.OperationID != o.ID || len(got.Parameters) != len(d.Params) ||
					(got.RequestBody != nil) != (d.Body != nil) || len(got.Responses) != len(d.Responses) {
					t.Errorf("%s: SchemaJSON has id %q, %d parameters, body %v, %d responses; Detail has %q, %d, %v, %d",
						o.Key(), got.OperationID, len(got.Parameters), got.RequestBody != nil, len(got.Responses),
						o.ID, len(d.Params), d.Body != nil, len(d.Responses))
				}
				// Clerk's specs have no recursive schemas, so every reference is inlined.
				if strings.Contains(string(b), `"$ref"`) {
					t.Errorf("%s: SchemaJSON left a $ref unresolved", o.Key())
				}
			}
			t.Logf("largest SchemaJSON: %d bytes (%s)", largest, largestKey)
		})
	}
}

// ignoreDescriptions compares the structure, not Clerk's prose, where the prose is long.
var ignoreDescriptions = cmp.Options{
	cmpopts.IgnoreFields(clerk.ParamDetail{}, "Description"),
	cmpopts.IgnoreFields(clerk.FieldDetail{}, "Description"),
	cmpopts.IgnoreFields(clerk.ResponseDetail{}, "Description"),
}

func TestDetailClerkOperations(t *testing.T) {
	clerkErrors := func(statuses ...string) []clerk.ResponseDetail {
		var rs []clerk.ResponseDetail
		for _, s := range statuses {
			rs = append(rs, clerk.ResponseDetail{Status: s, Schema: "ClerkErrors"})
		}
		return rs
	}
	metadata := clerk.FieldDetail{Type: "object", AdditionalProperties: "any"}
	named := func(f clerk.FieldDetail, name string) clerk.FieldDetail { f.Name = name; return f }

	tests := []struct {
		name, method, path string
		versions           []string // both when empty
		id                 string
		deprecated         bool
		params             map[string]clerk.ParamDetail // by name; only these are compared
		paramOrder         []string                     // a prefix of Params' names
		fields             map[string]clerk.FieldDetail // by name; only these are compared
		body               *clerk.BodyDetail            // ContentType, Required, Schema, Type, AdditionalProperties
		responses          []clerk.ResponseDetail       // nil: not compared
		text               []string                     // Text must contain each
	}{
		{
			name: "get user", method: "GET", path: "/users/{user_id}", id: "GetUser",
			params: map[string]clerk.ParamDetail{
				"user_id": {Name: "user_id", In: "path", Required: true, Type: "string"},
			},
			paramOrder: []string{"user_id"},
			responses:  append([]clerk.ResponseDetail{{Status: "200", Schema: "User"}}, clerkErrors("400", "401", "404")...),
			text:       []string{"`user_id` (path, string, required)", "• 200 User", "• 404 ClerkErrors"},
		},
		{
			name: "list users", method: "GET", path: "/users", id: "GetUserList",
			params: map[string]clerk.ParamDetail{
				"limit":         {Name: "limit", In: "query", Type: "integer", Default: "10"},
				"offset":        {Name: "offset", In: "query", Type: "integer", Default: "0"},
				"order_by":      {Name: "order_by", In: "query", Type: "string", Default: `"-created_at"`},
				"email_address": {Name: "email_address", In: "query", Type: "array of string"},
			},
			responses: append([]clerk.ResponseDetail{{Status: "200", Schema: "array of User"}}, clerkErrors("400", "401", "422")...),
			text:      []string{"`limit` (query, integer, default 10)", "`order_by` (query, string, default \"-created_at\")", "• 200 array of User"},
		},
		{
			name: "create user", method: "POST", path: "/users", id: "CreateUser",
			body: &clerk.BodyDetail{ContentType: "application/json", Required: true, Type: "object"},
			fields: map[string]clerk.FieldDetail{
				"email_address":   {Name: "email_address", Type: "array of string"},
				"password":        {Name: "password", Type: "string", Nullable: true},
				"password_hasher": {Name: "password_hasher", Type: "PasswordHasher"},
				"public_metadata": named(metadata, "public_metadata"),
			},
			text: []string{"`public_metadata` (object, other keys: any)", "`email_address` (array of string)"},
		},
		{
			name: "merge user metadata", method: "PATCH", path: "/users/{user_id}/metadata", id: "UpdateUserMetadata",
			body: &clerk.BodyDetail{ContentType: "application/json", Type: "object"},
			fields: map[string]clerk.FieldDetail{
				"public_metadata":  named(metadata, "public_metadata"),
				"private_metadata": named(metadata, "private_metadata"),
				"unsafe_metadata":  named(metadata, "unsafe_metadata"),
			},
			responses: append([]clerk.ResponseDetail{{Status: "200", Schema: "User"}}, clerkErrors("400", "401", "404", "422")...),
		},
		{
			name: "update user no longer takes metadata", method: "PATCH", path: "/users/{user_id}", id: "UpdateUser",
			versions: []string{"2026-05-12"},
			body:     &clerk.BodyDetail{ContentType: "application/json", Required: true, Type: "object"},
			fields:   map[string]clerk.FieldDetail{"public_metadata": {}}, // zero: must be absent
		},
		{
			name: "deprecated", method: "GET", path: "/clients", id: "GetClientList", deprecated: true,
			text: []string{"DEPRECATED"},
		},
		{
			name: "enum parameter", method: "GET", path: "/invitations", id: "ListInvitations",
			params: map[string]clerk.ParamDetail{
				"status": {Name: "status", In: "query", Type: "string", Enum: []string{"pending", "accepted", "revoked", "expired"}},
			},
			text: []string{"`status` (query, string, one of: pending | accepted | revoked | expired)"},
		},
		{
			name: "multipart body", method: "POST", path: "/users/{user_id}/profile_image", id: "SetUserProfileImage",
			body: &clerk.BodyDetail{ContentType: "multipart/form-data", Required: true, Type: "object"},
			fields: map[string]clerk.FieldDetail{
				"file": {Name: "file", Type: "string (binary)"},
			},
		},
		{
			name: "path params in template order", method: "DELETE", path: "/organizations/{organization_id}/memberships/{user_id}",
			id:         "DeleteOrganizationMembership",
			paramOrder: []string{"organization_id", "user_id"},
		},
	}
	for _, tt := range tests {
		vs := tt.versions
		if vs == nil {
			vs = versions
		}
		for _, version := range vs {
			t.Run(version+"/"+tt.name, func(t *testing.T) {
				o, ok := testSpec(t, version).Lookup(tt.method, tt.path)
				if !ok {
					t.Fatalf("Lookup(%q, %q) found nothing", tt.method, tt.path)
				}
				d := o.Detail()
				if d.OperationID != tt.id || d.Method != tt.method || d.Path != tt.path || d.Deprecated != tt.deprecated {
					t.Errorf("Detail() = %s %s %s deprecated %v, want %s %s %s deprecated %v",
						d.OperationID, d.Method, d.Path, d.Deprecated, tt.id, tt.method, tt.path, tt.deprecated)
				}
				if d.Summary == "" || strings.Contains(d.Description, "\n") {
					t.Errorf("Detail() summary %q, description %q: want a summary and a one-line description", d.Summary, d.Description)
				}
				params := make(map[string]clerk.ParamDetail)
				var order []string
				for _, p := range d.Params {
					params[p.Name] = p
					order = append(order, p.Name)
				}
				for name, want := range tt.params {
					if diff := cmp.Diff(want, params[name], ignoreDescriptions); diff != "" {
						t.Errorf("parameter %s (-want +got):\n%s", name, diff)
					}
				}
				if len(order) < len(tt.paramOrder) || !slices.Equal(tt.paramOrder, order[:len(tt.paramOrder)]) {
					t.Errorf("parameter order = %v, want it to start with %v", order, tt.paramOrder)
				}
				if tt.body != nil {
					if d.Body == nil {
						t.Fatal("Detail().Body = nil, want a body")
					}
					got := *d.Body
					got.Fields = nil
					if diff := cmp.Diff(*tt.body, got); diff != "" {
						t.Errorf("body (-want +got):\n%s", diff)
					}
					fields := make(map[string]clerk.FieldDetail)
					for _, f := range d.Body.Fields {
						fields[f.Name] = f
					}
					for name, want := range tt.fields {
						if diff := cmp.Diff(want, fields[name], ignoreDescriptions); diff != "" {
							t.Errorf("field %s (-want +got):\n%s", name, diff)
						}
					}
				}
				if tt.responses != nil {
					if diff := cmp.Diff(tt.responses, d.Responses, ignoreDescriptions); diff != "" {
						t.Errorf("responses (-want +got):\n%s", diff)
					}
				}
				text := d.Text()
				for _, want := range tt.text {
					if !strings.Contains(text, want) {
						t.Errorf("Text() does not contain %q:\n%s", want, text)
					}
				}
			})
		}
	}
}

// goldenOps are rendered to testdata/detail/<operationId>.txt from the newest spec:
// a read with one parameter, a list with many long descriptions, a create with many
// fields, and a body with nested objects. Regenerate with
// go test ./clerk -run Detail -update.
var goldenOps = []string{"GetUser", "GetUserList", "CreateUser", "CreateEnterpriseConnection"}

func TestDetailTextGolden(t *testing.T) {
	s := testSpec(t, "2026-05-12")
	for _, id := range goldenOps {
		t.Run(id, func(t *testing.T) {
			o, ok := s.Operation(id)
			if !ok {
				t.Fatalf("Operation(%q) found nothing", id)
			}
			got := o.Detail().Text() + "\n"
			file := filepath.Join("testdata", "detail", id+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./clerk -run Detail -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("Text() of %s (-want +got):\n%s", id, diff)
			}
		})
	}
}

// syntheticSpec has what Clerk's specs do not: a recursive schema, oneOf, maps, a
// header parameter and a default response.
const syntheticSpec = `
openapi: 3.0.3
info: {title: synthetic, version: "2099-01-01"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /nodes/{node_id}:
    parameters:
      - {name: node_id, in: path, required: true, description: The node., schema: {type: string}}
    put:
      operationId: PutNode
      summary: Replace a node
      description: "Replaces a node.\n\nSecond paragraph."
      parameters:
        - {name: mode, in: query, schema: {type: array, items: {type: string, enum: [fast, safe]}}}
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: force, in: query, required: true, schema: {type: boolean, default: false}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses:
        '200': {description: The node, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
        '204': {description: Nothing}
        default:
          description: Error
          content:
            application/json:
              schema: {type: object, properties: {errors: {type: array, items: {type: object}}, trace: {type: string}}}
components:
  schemas:
    Node:
      type: object
      description: A node.
      required: [id]
      properties:
        id: {type: string, readOnly: true, description: "The node's id.\n\nSecond paragraph."}
        parent: {allOf: [{$ref: '#/components/schemas/Node'}], nullable: true}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        pet: {oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]}
        labels: {type: object, additionalProperties: {type: string}}
        meta: {type: object, additionalProperties: true}
        created: {type: string, format: date-time}
        size: {type: integer, format: int64, default: 1}
        owner:
          type: object
          required: [email]
          properties: {name: {type: string}, email: {type: string, format: email}}
    Cat: {type: object, properties: {meow: {type: boolean}}}
    Dog: {type: object, properties: {bark: {type: boolean}}}
`

func syntheticOp(t *testing.T) *clerk.Operation {
	t.Helper()
	s, err := clerk.ParseSpec([]byte(syntheticSpec))
	if err != nil {
		t.Fatalf("ParseSpec(synthetic) = %v", err)
	}
	o, ok := s.Operation("PutNode")
	if !ok {
		t.Fatal("synthetic spec has no PutNode")
	}
	return o
}

func TestDetailSchemaShapes(t *testing.T) {
	// One level deep: the fields of a Node inside a Node, with no fields of their own.
	nodeFields := []clerk.FieldDetail{
		{Name: "id", Type: "string", Required: true, ReadOnly: true, Description: "The node's id."},
		{Name: "children", Type: "array of Node"},
		{Name: "created", Type: "string (date-time)"},
		{Name: "labels", Type: "map of string", AdditionalProperties: "string"},
		{Name: "meta", Type: "object", AdditionalProperties: "any"},
		{Name: "owner", Type: "object"},
		{Name: "parent", Type: "Node", Nullable: true, Description: "A node."},
		{Name: "pet", Type: "one of: Cat | Dog"},
		{Name: "size", Type: "integer (int64)", Default: "1"},
	}
	withFields := func(f clerk.FieldDetail, fields []clerk.FieldDetail) clerk.FieldDetail {
		f.Fields = fields
		return f
	}
	want := clerk.Detail{
		OperationID: "PutNode",
		Method:      "PUT",
		Path:        "/nodes/{node_id}",
		Summary:     "Replace a node",
		Description: "Replaces a node.",
		Params: []clerk.ParamDetail{
			{Name: "node_id", In: "path", Required: true, Type: "string", Description: "The node."},
			{Name: "force", In: "query", Required: true, Type: "boolean", Default: "false"},
			{Name: "mode", In: "query", Type: "array of string", Enum: []string{"fast", "safe"}},
			{Name: "X-Trace", In: "header", Type: "string"},
		},
		Body: &clerk.BodyDetail{
			ContentType: "application/json",
			Required:    true,
			Schema:      "Node",
			Type:        "object",
			Fields: []clerk.FieldDetail{
				nodeFields[0],
				withFields(nodeFields[1], nodeFields),
				nodeFields[2], nodeFields[3], nodeFields[4],
				withFields(nodeFields[5], []clerk.FieldDetail{
					{Name: "email", Type: "string (email)", Required: true},
					{Name: "name", Type: "string"},
				}),
				withFields(nodeFields[6], nodeFields),
				nodeFields[7], nodeFields[8],
			},
		},
		Responses: []clerk.ResponseDetail{
			{Status: "200", Description: "The node", Schema: "Node"},
			{Status: "204", Description: "Nothing"},
			{Status: "default", Description: "Error", Schema: "object {errors, trace}"},
		},
	}
	if diff := cmp.Diff(want, syntheticOp(t).Detail(), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Detail() (-want +got):\n%s", diff)
	}
}

func TestSchemaJSONCutsCycles(t *testing.T) {
	b, err := syntheticOp(t).SchemaJSON()
	if err != nil {
		t.Fatalf("SchemaJSON() = %v", err)
	}
	var got struct {
		Parameters  []map[string]any `json:"parameters"`
		RequestBody struct {
			Content map[string]struct {
				Schema map[string]any `json:"schema"`
			} `json:"content"`
		} `json:"requestBody"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("SchemaJSON() is not valid JSON: %v\n%s", err, b)
	}
	node := got.RequestBody.Content["application/json"].Schema
	props, _ := node["properties"].(map[string]any)
	parent, _ := props["parent"].(map[string]any)
	children, _ := props["children"].(map[string]any)
	pet, _ := props["pet"].(map[string]any)
	id, _ := props["id"].(map[string]any)
	const nodeRef = "#/components/schemas/Node"
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"schema x-ref", node["x-ref"], nodeRef},
		{"parent cut", parent["allOf"], []any{map[string]any{"$ref": nodeRef}}},
		{"parent nullable", parent["nullable"], true},
		{"children cut", children["items"], map[string]any{"$ref": nodeRef}},
		{"pet inlined", fmt.Sprint(pet["oneOf"]), fmt.Sprint([]any{
			map[string]any{"type": "object", "x-ref": "#/components/schemas/Cat", "properties": map[string]any{"meow": map[string]any{"type": "boolean"}}},
			map[string]any{"type": "object", "x-ref": "#/components/schemas/Dog", "properties": map[string]any{"bark": map[string]any{"type": "boolean"}}},
		})},
		{"full description", id["description"], "The node's id.\n\nSecond paragraph."},
		{"required", node["required"], []any{"id"}},
		{"path parameter", got.Parameters[0]["name"], "node_id"},
	}
	for _, c := range checks {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("SchemaJSON() %s (-want +got):\n%s", c.name, diff)
		}
	}
}

func TestDetailTextSynthetic(t *testing.T) {
	long := strings.Repeat("Words & <angle> brackets escape longer in Slack. ", 12)
	nested := func(n int) []clerk.FieldDetail {
		fs := make([]clerk.FieldDetail, n)
		for i := range fs {
			fs[i] = clerk.FieldDetail{Name: fmt.Sprintf("n%02d", i), Type: "string", Description: long}
		}
		return fs
	}
	enum := make([]string, 40)
	for i := range enum {
		enum[i] = fmt.Sprintf("value_%02d", i)
	}
	build := func(params, fields, nestedFields, responses int) clerk.Detail {
		d := clerk.Detail{
			OperationID: "Synthetic", Method: "POST", Path: "/synthetic/{id}",
			Summary: "Do a synthetic thing", Description: long, Tags: []string{"Synthetic"},
		}
		for i := range params {
			d.Params = append(d.Params, clerk.ParamDetail{
				Name: fmt.Sprintf("p%03d", i), In: "query", Type: "array of string", Enum: enum, Default: `"value_00"`, Description: long,
			})
		}
		if fields > 0 {
			d.Body = &clerk.BodyDetail{ContentType: "application/json", Required: true, Type: "object", AdditionalProperties: "any"}
			for i := range fields {
				d.Body.Fields = append(d.Body.Fields, clerk.FieldDetail{
					Name: fmt.Sprintf("f%03d", i), Type: "object", Required: i%3 == 0, Nullable: true,
					Description: long, Fields: nested(nestedFields),
				})
			}
		}
		for i := range responses {
			d.Responses = append(d.Responses, clerk.ResponseDetail{Status: strconv.Itoa(200 + i), Schema: "Thing", Description: long})
		}
		return d
	}
	tests := []struct {
		name     string
		detail   clerk.Detail
		contains []string
		absent   []string
	}{
		{
			name:     "small keeps everything",
			detail:   build(1, 2, 2, 1),
			contains: []string{"`p000` (query, array of string, one of: value_00", "… (40 in all)", "    ◦ `n01` (string) — Words"},
			absent:   []string{"ask for the full schema"},
		},
		{
			name:     "nested fields become names",
			detail:   build(2, 8, 12, 3),
			contains: []string{"◦ fields: `n00`, `n01`", "`f007`"},
			absent:   []string{"ask for the full schema", "◦ `n00`"},
		},
		{
			name:     "many fields are counted",
			detail:   build(30, 400, 20, 8),
			contains: []string{"more fields — ask for the full schema", "also: ", "• 207 Thing"},
		},
		{
			name:     "many parameters are counted",
			detail:   build(300, 0, 0, 2),
			contains: []string{"more parameters — ask for the full schema"},
		},
		{
			name: "a huge header is cut",
			detail: clerk.Detail{
				OperationID: "Huge", Method: "GET", Path: "/" + strings.Repeat("segment/", 400),
				Summary: long, Description: long,
				Responses: []clerk.ResponseDetail{{Status: "200", Schema: strings.Repeat("Name", 50)}},
			},
			contains: []string{"… cut to fit — ask for the full schema"},
		},
		{
			name: "escapes alone overflow",
			detail: clerk.Detail{
				OperationID: "Escapes", Method: "GET", Path: "/escapes",
				Summary: strings.Repeat("&", 200), Description: strings.Repeat("<&>", 400),
				Responses: slices.Repeat([]clerk.ResponseDetail{{Status: "200", Schema: strings.Repeat("&", 80)}}, 10),
			},
			contains: []string{"*GET /escapes* — &&&&", "… cut to fit — ask for the full schema"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.detail.Text()
			if n := slackChars(text); n > clerk.TextLimit {
				t.Errorf("Text() has %d characters once escaped, want at most %d", n, clerk.TextLimit)
			}
			for _, s := range tt.contains {
				if !strings.Contains(text, s) {
					t.Errorf("Text() does not contain %q:\n%s", s, text)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(text, s) {
					t.Errorf("Text() contains %q:\n%s", s, text)
				}
			}
			if !strings.Contains(text, "cut to fit") {
				checkNothingDropped(t, tt.detail, text)
			}
		})
	}
}

// BenchmarkDetailText builds and renders the detail of every operation of a version;
// one iteration is the whole spec.
func BenchmarkDetailText(b *testing.B) {
	for _, version := range versions {
		ops := testSpec(b, version).Operations()
		b.Run(version, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, o := range ops {
					_ = o.Detail().Text()
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ops)), "ns/operation")
		})
	}
}

// BenchmarkSchemaJSON resolves and encodes the full schema of every operation of a version.
func BenchmarkSchemaJSON(b *testing.B) {
	for _, version := range versions {
		ops := testSpec(b, version).Operations()
		b.Run(version, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, o := range ops {
					if _, err := o.SchemaJSON(); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
