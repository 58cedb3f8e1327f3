// Package clerk adapts Clerk's Backend API: it indexes the OpenAPI spec (Spec), builds and
// validates requests against it (Request), and sends them (Client) with retries, rate
// limiting and Clerk's error format decoded into *APIError.
//
// Nothing in this package prints or logs the secret key: the Client keeps it unexported,
// errors and rendered requests refer to $CLERK_SECRET_KEY instead.
package clerk
