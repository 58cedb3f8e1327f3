package slackbot_test

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/clerkbot/clerkbot/bot/slackbot"
)

// manifestBotScopes are the bot scopes the transport needs, each with the call or event
// that needs it. The manifest must hold exactly these: a scope the code starts to need
// is added here and there together, and one it no longer needs is dropped from both.
var manifestBotScopes = map[string]string{
	"app_mentions:read": "app_mention events: @clerkbot in a channel",
	"channels:history":  "message.channels events: plain messages in CLERKBOT_CHANNELS",
	"groups:history":    "message.groups events: the same in private channels",
	"im:history":        "message.im events: DMs to the bot",
	"im:write":          "conversations.open: a DM for a private result",
	"chat:write":        "chat.postMessage, chat.postEphemeral, chat.update",
	"commands":          "the /clerk slash command",
	"files:write":       "files.getUploadURLExternal: long results as files",
}

// manifestBotEvents are the events events.go reads (app_mention, and message in DMs,
// public and private channels).
var manifestBotEvents = []string{"app_mention", "message.channels", "message.groups", "message.im"}

// manifest is the part of Slack's app manifest format clerkbot uses. The manifest is
// decoded with KnownFields, so a misspelt key fails instead of being ignored.
type manifest struct {
	Metadata           manifestMetadata `yaml:"_metadata"`
	DisplayInformation manifestDisplay  `yaml:"display_information"`
	Features           manifestFeatures `yaml:"features"`
	OAuthConfig        manifestOAuth    `yaml:"oauth_config"`
	Settings           manifestSettings `yaml:"settings"`
}

type manifestMetadata struct {
	MajorVersion int `yaml:"major_version"`
	MinorVersion int `yaml:"minor_version"`
}

type manifestDisplay struct {
	Name            string `yaml:"name"`
	Description     string `yaml:"description"`
	BackgroundColor string `yaml:"background_color"`
}

type manifestFeatures struct {
	AppHome struct {
		HomeTabEnabled             *bool `yaml:"home_tab_enabled"`
		MessagesTabEnabled         *bool `yaml:"messages_tab_enabled"`
		MessagesTabReadOnlyEnabled *bool `yaml:"messages_tab_read_only_enabled"`
	} `yaml:"app_home"`
	BotUser struct {
		DisplayName  string `yaml:"display_name"`
		AlwaysOnline bool   `yaml:"always_online"`
	} `yaml:"bot_user"`
	SlashCommands []manifestSlashCommand `yaml:"slash_commands"`
}

type manifestSlashCommand struct {
	Command      string `yaml:"command"`
	Description  string `yaml:"description"`
	UsageHint    string `yaml:"usage_hint"`
	ShouldEscape *bool  `yaml:"should_escape"`
}

type manifestOAuth struct {
	Scopes struct {
		Bot  []string `yaml:"bot"`
		User []string `yaml:"user"`
	} `yaml:"scopes"`
}

type manifestSettings struct {
	EventSubscriptions struct {
		BotEvents  []string `yaml:"bot_events"`
		UserEvents []string `yaml:"user_events"`
	} `yaml:"event_subscriptions"`
	Interactivity struct {
		IsEnabled bool `yaml:"is_enabled"`
	} `yaml:"interactivity"`
	OrgDeployEnabled     bool `yaml:"org_deploy_enabled"`
	SocketModeEnabled    bool `yaml:"socket_mode_enabled"`
	TokenRotationEnabled bool `yaml:"token_rotation_enabled"`
}

func manifestParse(t *testing.T) manifest {
	t.Helper()
	var m manifest
	dec := yaml.NewDecoder(bytes.NewReader(slackbot.Manifest))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("manifest.yaml: %v", err)
	}
	return m
}

func TestManifest(t *testing.T) {
	m := manifestParse(t)

	t.Run("metadata and names", func(t *testing.T) {
		if m.Metadata.MajorVersion != 1 {
			t.Errorf("_metadata.major_version = %d, want 1", m.Metadata.MajorVersion)
		}
		if got := m.DisplayInformation.Name; got != "clerkbot" {
			t.Errorf("display_information.name = %q, want clerkbot", got)
		}
		if got := m.Features.BotUser.DisplayName; got != "clerkbot" {
			t.Errorf("features.bot_user.display_name = %q, want clerkbot", got)
		}
		if !m.Features.BotUser.AlwaysOnline {
			t.Error("features.bot_user.always_online is off, want on")
		}
		// Slack's limit on the short description.
		if n := len([]rune(m.DisplayInformation.Description)); n == 0 || n > 140 {
			t.Errorf("display_information.description has %d characters, want 1 to 140", n)
		}
	})

	t.Run("socket mode", func(t *testing.T) {
		if !m.Settings.SocketModeEnabled {
			t.Error("settings.socket_mode_enabled is off: clerkbot serve only speaks socket mode")
		}
	})

	t.Run("interactivity", func(t *testing.T) {
		if !m.Settings.Interactivity.IsEnabled {
			t.Error("settings.interactivity.is_enabled is off: the Approve and Deny buttons would do nothing")
		}
	})

	t.Run("slash command", func(t *testing.T) {
		if len(m.Features.SlashCommands) != 1 {
			t.Fatalf("features.slash_commands has %d commands, want exactly /clerk", len(m.Features.SlashCommands))
		}
		c := m.Features.SlashCommands[0]
		if c.Command != "/clerk" {
			t.Errorf("slash command = %q, want /clerk", c.Command)
		}
		if strings.TrimSpace(c.Description) == "" || strings.TrimSpace(c.UsageHint) == "" {
			t.Errorf("/clerk description = %q, usage_hint = %q; want both", c.Description, c.UsageHint)
		}
		if c.ShouldEscape == nil || *c.ShouldEscape {
			t.Error("/clerk should_escape is not set to false: clerkbot reads the text as typed")
		}
	})

	t.Run("app home messages tab", func(t *testing.T) {
		h := m.Features.AppHome
		if h.MessagesTabEnabled == nil || !*h.MessagesTabEnabled {
			t.Error("features.app_home.messages_tab_enabled is not true: nobody could DM the bot")
		}
		if h.MessagesTabReadOnlyEnabled == nil || *h.MessagesTabReadOnlyEnabled {
			t.Error("features.app_home.messages_tab_read_only_enabled is not false: the DM would be read-only")
		}
	})

	t.Run("events", func(t *testing.T) {
		got := slices.Clone(m.Settings.EventSubscriptions.BotEvents)
		slices.Sort(got)
		want := slices.Sorted(slices.Values(manifestBotEvents))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("settings.event_subscriptions.bot_events (-want +got):\n%s", diff)
		}
		if n := len(m.Settings.EventSubscriptions.UserEvents); n > 0 {
			t.Errorf("settings.event_subscriptions.user_events has %d events, want none", n)
		}
	})

	t.Run("scopes", func(t *testing.T) {
		got := slices.Clone(m.OAuthConfig.Scopes.Bot)
		slices.Sort(got)
		var want []string
		for s := range manifestBotScopes {
			want = append(want, s)
		}
		slices.Sort(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("oauth_config.scopes.bot (-want +got):\n%s", diff)
		}
		if n := len(m.OAuthConfig.Scopes.User); n > 0 {
			t.Errorf("oauth_config.scopes.user has %d scopes, want none: clerkbot acts as its bot only", n)
		}
	})

	// The hint clerkbot gives when Slack answers missing_scope names scopes; each bot
	// scope it names must be one the manifest asks for.
	t.Run("scopes named by the missing_scope hint", func(t *testing.T) {
		hint := (&slackbot.FatalError{Code: "missing_scope"}).Error()
		for _, s := range regexp.MustCompile(`[a-z_]+:[a-z_.]+`).FindAllString(hint, -1) {
			if s == "connections:write" { // the app-level token's scope, not the bot's
				continue
			}
			if !slices.Contains(m.OAuthConfig.Scopes.Bot, s) {
				t.Errorf("the missing_scope hint names %s, which the manifest does not ask for", s)
			}
		}
	})
}

// TestManifestNoURLs checks that nothing in the manifest points Slack at a URL (request
// URLs, options load URL, redirect URLs): in socket mode clerkbot has no public endpoint,
// and a URL there would send Slack's requests elsewhere.
func TestManifestNoURLs(t *testing.T) {
	var root yaml.Node
	if err := yaml.Unmarshal(slackbot.Manifest, &root); err != nil {
		t.Fatalf("manifest.yaml: %v", err)
	}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				key := n.Content[i].Value
				if strings.Contains(strings.ToLower(key), "url") {
					t.Errorf("%s%s is set: socket mode needs no public endpoint", path, key)
				}
				walk(n.Content[i+1], path+key+".")
			}
		case yaml.ScalarNode:
			if v := strings.ToLower(n.Value); strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
				t.Errorf("%s holds a URL (%s): socket mode needs no public endpoint", strings.TrimSuffix(path, "."), n.Value)
			}
		}
	}
	walk(&root, "")
}
