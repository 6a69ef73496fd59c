"""Identity providers (``plugins.Kind.IDENTITY_PROVIDER``): how citizens log in with an e-ID.

One folder per provider (``vneid/``: VNeID-style OpenID Connect), each with its ``conf.py``,
``client.py``, ``plugin.py`` and local peer; the accounts app imports the ``plugin.py`` modules
in ``ready()``. The account logic they feed is ``accounts.services.eid_sign_in``.
"""
