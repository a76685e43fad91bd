"""site_builder: annotated deal explainers from seed articles and curated YAML."""

__version__ = "0.1.0"
