"""VNeID-style e-ID login (OpenID Connect, authorization code flow with PKCE); docs/integrations/eid.md."""
