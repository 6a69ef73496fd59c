"""The only write path of payments: fees, payments, callbacks, reconciliation, refunds."""
