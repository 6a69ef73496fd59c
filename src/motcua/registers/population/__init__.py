"""Cơ sở dữ liệu quốc gia về dân cư (the national population database, Ministry of Public Security)."""
