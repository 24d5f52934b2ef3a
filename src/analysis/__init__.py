"""Analysis package of the book *Belarus between Moscow and Kyiv*.

The package is the only place where raw data is read. Its stages run in one
direction:

``registry`` (what exists, where, with which hash) -> ``fetch`` (download or
mirror, verify sha256) -> ``loaders`` (awkward raw layout -> tidy long
DataFrame, schema-checked, cached as Arrow files by ``cache``) -> metrics -> charts
-> notebooks.
"""

from analysis.errors import AnnotationError, BookDataError, ChecksumError, DataUnavailableError

__all__ = ["AnnotationError", "BookDataError", "ChecksumError", "DataUnavailableError"]
__version__ = "0.1.0"
