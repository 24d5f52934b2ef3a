"""Country groups and year runs shared by several metrics modules (no loaders here).

"The West" of the mic-bridge chapter is read widely, as the EU-27 and NATO as constituted
in 2024 (:data:`WEST`): if Minsk had turned west in arms or trade, any of these states
would show up.
"""

from __future__ import annotations

from collections.abc import Sequence

#: The 27 EU member states (since February 2020), as Eurostat's reporters.
EU27: tuple[str, ...] = (
    *("AUT", "BEL", "BGR", "CYP", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GRC"),
    *("HRV", "HUN", "IRL", "ITA", "LTU", "LUX", "LVA", "MLT", "NLD", "POL", "PRT", "ROU"),
    *("SVK", "SVN", "SWE"),
)
#: NATO's 32 members in 2024.
NATO_2024: tuple[str, ...] = (
    *("ALB", "BEL", "BGR", "CAN", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GBR"),
    *("GRC", "HRV", "HUN", "ISL", "ITA", "LTU", "LUX", "LVA", "MKD", "MNE", "NLD", "NOR"),
    *("POL", "PRT", "ROU", "SVK", "SVN", "SWE", "TUR", "USA"),
)
#: "The West" read widely: EU-27 and NATO members as of 2024.
WEST: tuple[str, ...] = tuple(sorted(set(EU27) | set(NATO_2024)))


def years_text(years: Sequence[int]) -> str:
    """``[1997, 1998, 1999, 2005]`` -> ``"1997-1999, 2005"`` (runs of consecutive years)."""
    years = list(years)
    if not years:
        return ""
    runs: list[list[int]] = [[years[0], years[0]]]
    for y in years[1:]:
        if y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in runs)
