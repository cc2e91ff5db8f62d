"""Generated pools of volunteers, for the demo, the tests and the benchmark.

Four features whose categories are unevenly represented among the volunteers (as in real
recruitment, where some groups answer the invitation more than others), and quotas around
each category's share of the population.
"""

import math
import random

from palabre.components.sortitions.selection import Quota

# feature: [(value, share among the volunteers, share in the population)]
FEATURES = {
    "gender": [("woman", 0.46, 0.52), ("man", 0.54, 0.48)],
    "age": [
        ("16-29", 0.12, 0.22),
        ("30-44", 0.22, 0.25),
        ("45-64", 0.38, 0.31),
        ("65+", 0.28, 0.22),
    ],
    "district": [
        ("north", 0.18, 0.2),
        ("south", 0.3, 0.2),
        ("east", 0.14, 0.2),
        ("west", 0.18, 0.2),
        ("centre", 0.2, 0.2),
    ],
    "education": [("primary", 0.12, 0.25), ("secondary", 0.4, 0.45), ("higher", 0.48, 0.3)],
}


def generated_people(count: int, *, seed: int = 1, features: dict = FEATURES) -> dict:
    """{"1": {feature: value}, …}: `count` volunteers drawn with the volunteers' shares."""
    rng = random.Random(seed)
    return {
        str(number): {
            feature: rng.choices(
                [value for value, _v, _p in values], [share for _v, share, _p in values]
            )[0]
            for feature, values in features.items()
        }
        for number in range(1, count + 1)
    }


def generated_quotas(people: dict, size: int, *, features: dict = FEATURES) -> list[Quota]:
    """Quotas around each category's share of the population, within what the pool holds."""
    quotas = []
    for feature, values in features.items():
        for value, _volunteers, population in values:
            available = sum(1 for person in people.values() if person[feature] == value)
            expected = size * population
            minimum = min(max(0, math.floor(expected) - 1), available)
            maximum = max(minimum, min(math.ceil(expected) + 1, available))
            quotas.append(Quota(feature, value, minimum, maximum))
    return quotas


# The same features in French, for the demo (a French city).
DEMO_FEATURES = {
    "genre": [("femme", 0.46, 0.52), ("homme", 0.54, 0.48)],
    "âge": [
        ("16-29", 0.12, 0.22),
        ("30-44", 0.22, 0.25),
        ("45-64", 0.38, 0.31),
        ("65+", 0.28, 0.22),
    ],
    "quartier": [
        ("Nord", 0.18, 0.2),
        ("Sud", 0.3, 0.2),
        ("Les Tilleuls", 0.14, 0.2),
        ("Ouest", 0.18, 0.2),
        ("Centre", 0.2, 0.2),
    ],
    "diplôme": [("sans diplôme", 0.12, 0.25), ("bac", 0.4, 0.45), ("supérieur", 0.48, 0.3)],
}
