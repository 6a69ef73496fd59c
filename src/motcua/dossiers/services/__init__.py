"""The write path of dossiers: one module per concern (lifecycle, transitions, submission, ...)."""
