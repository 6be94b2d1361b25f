"""The domain core of the clinic directory: models, vocabularies, geography and the one write path."""
