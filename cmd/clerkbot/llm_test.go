package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/clerkbot/clerkbot/intents"
)

func TestNewLLM(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		off     bool
		model   string
		wantErr string
	}{
		{name: "off", env: nil, off: true},
		{name: "key only", env: map[string]string{"OPENAI_API_KEY": "k"}, model: intents.DefaultOpenAIModel},
		{name: "Ollama", env: map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1", "OPENAI_MODEL": "llama3.1"}, model: "llama3.1"},
		{name: "model alone is off", env: map[string]string{"OPENAI_MODEL": "gpt-4o"}, off: true},
		{name: "no scheme", env: map[string]string{"OPENAI_BASE_URL": "localhost:11434"}, wantErr: "is not an http(s) URL"},
		{name: "other scheme", env: map[string]string{"OPENAI_BASE_URL": "ftp://llm.example/v1"}, wantErr: "is not an http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			llm, err := newLLM(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("newLLM(%v) error = %v, want %q", tt.env, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("newLLM(%v) error: %v", tt.env, err)
			}
			if tt.off {
				if llm != nil {
					t.Fatalf("newLLM(%v) = %v, want nil (off)", tt.env, llm)
				}
				return
			}
			o, ok := llm.(*intents.OpenAI)
			if !ok {
				t.Fatalf("newLLM(%v) = %T, want *intents.OpenAI", tt.env, llm)
			}
			if o.Model() != tt.model {
				t.Errorf("model = %q, want %q", o.Model(), tt.model)
			}
		})
	}
}

// TestParseWithLLM runs `clerkbot parse` against an OpenAI-compatible server reached
// the Ollama way (a base URL without /v1, no key) while a Clerk key is in the
// environment: the text reaches the model, the key does not.
func TestParseWithLLM(t *testing.T) {
	var (
		mu     sync.Mutex
		bodies []string
		paths  []string
		auth   []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies, paths, auth = append(bodies, string(b)), append(paths, r.URL.Path), append(auth, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"finish_reason":"tool_calls",`+
			`"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"ListSAMLConnections","arguments":"{\"limit\":5}"}}]}}]}`)
	}))
	t.Cleanup(srv.Close)
	base := specEnv(t)
	getenv := func(k string) string {
		switch k {
		case "OPENAI_BASE_URL":
			return srv.URL
		case "CLERK_SECRET_KEY":
			return "sk_test_doNotSendThisAnywhere"
		}
		return base(k)
	}
	text := "list 5 saml connections for our enterprise"
	var out, errb bytes.Buffer
	// Without the examples, which would answer this text before the LLM is asked.
	if err := run(context.Background(), []string{"parse", "--json", "--holdout", "all", text}, getenv, strings.NewReader(""), &out, &errb); err != nil {
		t.Fatalf("run(parse) error: %v (stderr %q)", err, errb.String())
	}
	var in intentJSON
	if err := json.Unmarshal(out.Bytes(), &in); err != nil {
		t.Fatalf("parse --json printed %q: %v", out.String(), err)
	}
	if in.Mode != "execute" || in.Source != "llm" || len(in.Steps) != 1 || in.Steps[0].OperationID != "ListSAMLConnections" {
		t.Fatalf("parse %q = %s", text, out.String())
	}
	if got := in.Steps[0].Query["limit"]; len(got) != 1 || got[0] != "5" {
		t.Errorf("limit = %v, want [5]", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 1 || paths[0] != "/v1/chat/completions" || auth[0] != "" {
		t.Fatalf("the LLM server saw %d requests at %v with Authorization %q; want one at /v1/chat/completions, no key", len(bodies), paths, auth)
	}
	if strings.Contains(bodies[0], "sk_test") || !strings.Contains(bodies[0], text) {
		t.Errorf("the request to the LLM holds the Clerk key or lacks the text: %s", bodies[0])
	}
}
