"""Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp (the national business register)."""
