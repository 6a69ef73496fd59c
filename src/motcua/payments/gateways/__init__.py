"""The payment gateways, one plugin folder each (``core.plugins``, kind ``payment_gateway``).

Each folder's ``__init__`` is its wire protocol: pure functions that build, sign and verify
messages, neither touching the database nor the network, shared by our client
(``payments/services/payments.py``) and the simulator. Its ``plugin.py`` registers it: the
settings keys it reads, its health check and its local peer. ``national`` is the national payment
platform style (domain.md §9), ``vnpay_style`` a commercial gateway in the VNPay style.
``simulator.py`` speaks both from the gateway side: the local peer ``motcua sim paygate``
(also ``motcua paygate_sim``).
"""

from motcua.core.plugins import Peer

PAYGATE = Peer(
    name="paygate", command="paygate_sim", help="the payment gateway simulator (national platform and VNPay style)"
)
