"""Who is calling: the typed caller every ``/v1`` route receives through one dependency."""
