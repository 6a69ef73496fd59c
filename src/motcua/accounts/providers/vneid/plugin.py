"""VNeID-style e-ID login (OpenID Connect) as an ``identity_provider`` plugin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.accounts.providers.vneid import client, conf
from motcua.core import plugins

# The peer's public demo client (peer.mjs defaults); a real provider registers its own.
DEMO_CLIENT_ID = "motcua-demo"
DEMO_CLIENT_SECRET = "motcua-demo-oidc-secret-CHANGE-ME"  # noqa: S105 - a public demo value

PEER = plugins.Peer(
    name="eid",
    command="eid_sim",
    help="the e-ID provider peer (OpenID Connect, npm oidc-provider; needs node)",
    demo=True,
    demo_args=(
        "--client-id",
        DEMO_CLIENT_ID,
        "--client-secret",
        DEMO_CLIENT_SECRET,
        "--redirect-uri",
        "{public}/oidc/callback/",
        "--post-logout-redirect-uri",
        "{public}/",
    ),
    demo_env=(
        ("MOTCUA_OIDC_ISSUER", "{url}"),
        ("MOTCUA_OIDC_CLIENT_ID", DEMO_CLIENT_ID),
        ("MOTCUA_OIDC_CLIENT_SECRET", DEMO_CLIENT_SECRET),
    ),
)


def check() -> plugins.Health:
    """Configured (issuer, client id and secret), and the provider's discovery document answers."""
    missing = plugins.configured(
        {
            "MOTCUA_OIDC_ISSUER": conf.issuer(),
            "MOTCUA_OIDC_CLIENT_ID": conf.client_id(),
            "MOTCUA_OIDC_CLIENT_SECRET": conf.client_secret(),
        }
    )
    if missing is not None:
        return missing
    try:
        metadata = client.discover()
    except client.EidUnavailable as exc:
        return plugins.Health(False, f"discovery failed: {exc.details['detail']}")
    return plugins.Health(True, f"{metadata.issuer} answers (discovery)")


PLUGIN = plugins.register(
    plugins.Plugin(
        kind=plugins.Kind.IDENTITY_PROVIDER,
        name="vneid",
        title=_("Định danh điện tử (VNeID)"),
        settings=(
            "MOTCUA_OIDC_ISSUER",
            "MOTCUA_OIDC_CLIENT_ID",
            "MOTCUA_OIDC_CLIENT_SECRET",
            "MOTCUA_OIDC_SCOPES",
            "MOTCUA_OIDC_CLAIM_PERSONAL_ID",
            "MOTCUA_OIDC_CLAIM_NAME",
            "MOTCUA_OIDC_CLAIM_BIRTHDATE",
            "MOTCUA_OIDC_CLAIM_LEVEL",
            "MOTCUA_OIDC_TIMEOUT",
        ),
        check=check,
        peer=PEER,
        client=client,
    )
)
