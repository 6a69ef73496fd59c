"""Data exchange through the data-sharing gateway (LGSP / NDXP, trục liên thông dữ liệu).

``gateway.py`` is the one client for every outgoing call (X-Road REST conventions as the model:
client and service ids in headers, a message id, the user on whose behalf, timeouts, a circuit
breaker per service) and ``models.MessageLog`` the signed, chained message log (nhật ký trao đổi).
``simulator.py`` is the local peer ``motcua sim lgsp`` with the population, business and land
registers behind it. See docs/integrations/lgsp.md.
"""
