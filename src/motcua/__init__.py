"""MotCua: one-stop-shop (một cửa) back office and public service portal."""

__version__ = "0.1.0"
