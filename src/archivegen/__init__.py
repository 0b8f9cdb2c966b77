"""archivegen: a static site generator for archives of Vietnamese news articles."""

__version__ = "0.1.0"
