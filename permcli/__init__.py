"""perm: a case tracker for permanence planning for looked-after children in England."""

__version__ = "0.1.0"
