"""The wire protocols of the payment gateways, shared by our client and the simulator.

Pure functions: they build, sign and verify messages; they neither touch the database nor the
network. ``national`` is the national payment platform style (domain.md §9), ``vnpay_style`` a
commercial gateway in the VNPay style.
"""
