"""Counties of a region for ``evalnb sample --scale N``: names of counties and of their schools.

A region is made of whole counties like the sample's: each has the sample
county's 25 schools by kind (7 secondary, 12 primary, 6 kindergartens), its
own teachers and its own run of the forty courses (a face-to-face course is
held in the county; an online one is on the county's platform). The first
county is the sample's ``Northbrook County``; the others get invented names,
and school names unique within their county.
"""

from __future__ import annotations

import numpy as np

__all__ = ["county_names", "school_names"]

_STEMS = ("Ash", "Oak", "Elm", "Bram", "Fern", "Holm", "Kes", "Lang", "Mar", "Wick", "Stan",
          "Thorn", "Whit", "Red", "Brad", "Cal", "Dun", "Gar", "Hart", "Lind")
_ENDINGS = ("ford", "field", "dale", "wick", "bury", "mere", "ton", "ley", "combe", "stead")
_PLACES = (
    "Hillcrest", "Meadowbank", "Kingsway", "Ashford Grange", "Valley View", "Riverside", "Oakfield",
    "Millbrook", "St Mary's", "Beech Lane", "Greenhill", "Westgate", "Foxwood", "Elmstead",
    "Church Lane", "Thornbury", "Larkspur", "Brookside", "Highfield", "Longmeadow", "Parkside",
    "Moorland", "Cedar Grove", "Orchard", "Ladywell", "Springfield", "Holly Bank", "Marsh Lane",
    "Fairview", "Heathfield", "Ridgeway", "Woodlands", "Bridge End", "Castle Hill", "St Anne's",
    "Mill Lane", "Station Road", "Pinewood", "St Peter's", "Harcourt", "Linden", "Chestnut",
    "Rowan", "Maple", "Abbey Road", "Queensway", "Hawthorn", "Willowbrook",
)
_KINDERGARTEN = ("Little Acorns", "Sunflower", "Rainbow", "Willow Tree", "Bluebell", "Primrose",
                 "Kingfisher", "Clover", "Daisy Chain", "Honeybee", "Buttercup", "Little Owls")
_GENERAL_SUFFIX = ("Secondary School", "High School", "Academy")


def county_names(n: int) -> list[str]:
    """``Northbrook County`` and ``n - 1`` invented county names, all different."""
    stems = [s + e for s in _STEMS for e in _ENDINGS]
    order = np.random.default_rng(17).permutation(len(stems))  # a fixed order: names do not depend on the seed
    names = ["Northbrook County"]
    k = 0
    while len(names) < n:
        stem = stems[order[k % len(stems)]]
        round_ = k // len(stems)
        names.append(f"{stem} County" + (f" {round_ + 1}" if round_ else ""))
        k += 1
    return names


def school_names(rng: np.random.Generator, kinds: list[str], county: str) -> list[str]:
    """Names for schools of ``kinds`` (general, primary, kindergarten), unique within the county.

    One secondary school is named after the county town (``Ashford High School``).
    """
    places = [_PLACES[i] for i in rng.permutation(len(_PLACES))]
    small = [_KINDERGARTEN[i] for i in rng.permutation(len(_KINDERGARTEN))]
    town = county.split(" County")[0]
    names, used = [], set()
    first_general = True
    for kind in kinds:
        if kind == "general" and first_general:
            name = f"{town} High School"
            first_general = False
        elif kind == "general":
            name = f"{places.pop()} {_GENERAL_SUFFIX[int(rng.integers(len(_GENERAL_SUFFIX)))]}"
        elif kind == "primary":
            name = f"{places.pop()} Primary School"
        else:
            name = f"{(small or places).pop()} Kindergarten"
        while name in used:  # «… School 2» on the rare repeat
            name += " 2"
        used.add(name)
        names.append(name)
    return names
