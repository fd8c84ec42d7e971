"""Language tools the detectors share: the spaCy model, text normalising and offsets, phrase
matching, and finding people's names. Nothing here knows about rules or findings."""
