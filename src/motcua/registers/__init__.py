"""Register lookups (tra cứu cơ sở dữ liệu quốc gia) through the data-sharing gateway.

One plugin (kind ``LOOKUP``) per register: ``population/`` (Cơ sở dữ liệu quốc gia về dân cư),
``business/`` (Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp), ``land/`` (Cơ sở dữ liệu đất đai).
Each calls ``exchange.gateway.call`` and checks the answer; ``services.lookup`` is the one write
path (consent, the lookup log, the audit line); docs/integrations/registers.md.
"""
