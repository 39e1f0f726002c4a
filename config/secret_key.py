"""Whether a SECRET_KEY is random enough to sign sessions, password-reset links and tokens.

Length alone is not enough: ``'abcde' * 10`` is 50 characters long. The key's entropy is
estimated from how often each of its characters occurs (Shannon), which a repeated pattern or a
sentence cannot fake, and from how well it compresses, which catches a repeated run of
different characters (``'0123456789abcdefghij' * 3``); ``get_random_secret_key()`` and ``secrets.token_urlsafe(50)`` pass easily."""

import math
import zlib
from collections import Counter

MIN_LENGTH = 50
MIN_DISTINCT_CHARACTERS = 20
MIN_ESTIMATED_BITS = 200


def estimated_bits(key: str) -> float:
    """Shannon entropy of the key's characters times its length."""
    if not key:
        return 0.0
    counts = Counter(key)
    per_character = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    return per_character * len(key)


def secret_key_problem(key: str) -> str | None:
    """Why the key is not fit for production, or None when it is."""
    if key.startswith("django-insecure"):
        return "it is a development key"
    if len(key) < MIN_LENGTH:
        return f"it is shorter than {MIN_LENGTH} characters"
    if len(set(key)) < MIN_DISTINCT_CHARACTERS:
        return f"it has fewer than {MIN_DISTINCT_CHARACTERS} different characters"
    if estimated_bits(key) < MIN_ESTIMATED_BITS:
        return "it is too regular to be random"
    if len(zlib.compress(key.encode(), 9)) < len(key.encode()) * 0.9:
        return "it repeats itself"
    return None
