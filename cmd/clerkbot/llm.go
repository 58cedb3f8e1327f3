package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/clerkbot/clerkbot/intents"
)

// newLLM builds the intents LLM fallback from OPENAI_API_KEY, OPENAI_BASE_URL and
// OPENAI_MODEL. It returns nil, and the fallback is off, when neither the key nor the
// base URL is set; a base URL alone is a keyless server such as Ollama
// ("http://localhost:11434/v1"). A base URL with no path gets "/v1", the path every
// OpenAI-compatible server serves.
func newLLM(getenv func(string) string) (intents.LLM, error) { return newLLMWith(getenv, nil) }

// newLLMWith is newLLM with the HTTP client to reach the server through (nil: the
// default).
func newLLMWith(getenv func(string) string, hc *http.Client) (intents.LLM, error) {
	cfg, on, err := llmConfig(getenv)
	if !on || err != nil {
		return nil, err
	}
	cfg.HTTPClient = hc
	return intents.NewOpenAI(cfg), nil
}

// llmConfig reads the LLM settings as newLLM describes them; on is false when the
// fallback is off.
func llmConfig(getenv func(string) string) (cfg intents.OpenAIConfig, on bool, err error) {
	key := strings.TrimSpace(getenv("OPENAI_API_KEY"))
	base := strings.TrimSpace(getenv("OPENAI_BASE_URL"))
	if key == "" && base == "" {
		return cfg, false, nil
	}
	if base != "" {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return cfg, true, fmt.Errorf("OPENAI_BASE_URL %q is not an http(s) URL such as http://localhost:11434/v1", redactURL(base))
		}
		if u.Path == "" || u.Path == "/" {
			u.Path = "/v1"
		}
		base = u.String()
	}
	return intents.OpenAIConfig{APIKey: key, BaseURL: base, Model: strings.TrimSpace(getenv("OPENAI_MODEL"))}, true, nil
}
