"""Tidy loaders, one module per dataset of the registry.

Import a loader from here, e.g. ``from analysis.inputs.loaders import load_sipri_milex``.
Each returns a long DataFrame with documented columns (see each module's docstring),
parsed once from the verified raw files and cached as an Arrow file.
"""

from analysis.inputs.loaders._base import LOADERS, LoaderInfo, tidy_loader
from analysis.inputs.loaders.atop import load_atop
from analysis.inputs.loaders.comtrade import load_comtrade
from analysis.inputs.loaders.cow import load_cow_nmc, load_cow_trade_dyadic, load_cow_trade_national
from analysis.inputs.loaders.eurostat import load_eurostat_eu_belarus
from analysis.inputs.loaders.icews import load_icews
from analysis.inputs.loaders.sipri import load_sipri_milex, sipri_milex_notes
from analysis.inputs.loaders.sipri_arms import load_sipri_arms_register, load_sipri_tiv
from analysis.inputs.loaders.unvotes import (
    load_un_roll_call_issues,
    load_un_roll_calls,
    load_un_votes,
    load_unga_idealpoints,
)
from analysis.inputs.loaders.wdi import load_wdi_milex_gdp

__all__ = [
    "LOADERS",
    "LoaderInfo",
    "load_atop",
    "load_comtrade",
    "load_cow_nmc",
    "load_cow_trade_dyadic",
    "load_cow_trade_national",
    "load_eurostat_eu_belarus",
    "load_icews",
    "load_sipri_arms_register",
    "load_sipri_milex",
    "load_sipri_tiv",
    "load_un_roll_call_issues",
    "load_un_roll_calls",
    "load_un_votes",
    "load_unga_idealpoints",
    "load_wdi_milex_gdp",
    "sipri_milex_notes",
    "tidy_loader",
]
