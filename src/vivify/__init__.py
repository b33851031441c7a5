"""vivify: bring a still photo to life as a short, labelled, vertical story clip."""

__version__ = "0.1.0"
