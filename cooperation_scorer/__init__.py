"""cooperation-scorer: score U.S.-Russia cooperation proposals for Central Asia by one paper."""

__version__ = "0.1.0"
