"""Pages of the citizen portal (Cổng dịch vụ công): thin adapters over services and selectors."""
