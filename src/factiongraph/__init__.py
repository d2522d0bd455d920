"""factiongraph: turns political news into a dated, evidence-backed map of who stands with whom."""

from .api import Graph, IngestReport, open
from .errors import FactionGraphError

__all__ = ["FactionGraphError", "Graph", "IngestReport", "open"]
__version__ = "0.1.0"
