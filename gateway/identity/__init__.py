"""Person index: JMBG validation, names in Cyrillic and Latin, and matching across agencies."""
