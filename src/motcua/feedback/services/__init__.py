"""The write path of the feedback app: ratings, PAKN lifecycle, votes."""
