package slackbot

import _ "embed"

// Manifest is the Slack app manifest (manifest.yaml) that creates clerkbot's app: socket
// mode, the /clerk command, interactivity for the Approve and Deny buttons, the App Home
// messages tab for DMs, and the least bot scopes and events this transport needs. Paste
// it at api.slack.com/apps (Create New App → From a manifest); `clerkbot manifest` prints
// it. It sets no URL: in socket mode nothing needs a public endpoint.
//
// The transport and the manifest change together: manifest_test.go lists each bot scope
// with the call or event that needs it, and fails when the manifest asks for more or
// fewer, or lacks a scope the missing_scope hint names.
//
//go:embed manifest.yaml
var Manifest []byte
