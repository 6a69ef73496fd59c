"""Cơ sở dữ liệu đất đai (the land database): parcels by parcel number and map sheet."""
