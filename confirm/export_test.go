package confirm

// SetHook sets the test hook that runs after each step of Create and Approve
// ("created", "approved", "executed", "recorded"); an error stops the call there, as a
// crash would.
func SetHook(cfg *ServiceConfig, hook func(step string) error) { cfg.hook = hook }
