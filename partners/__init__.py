"""Partner API keys: who may call the API with a key, at which tier, from which origins and how
often. Keys are managed in the Wagtail admin by superusers; only a hash of each key is stored."""
