"""svcstd: check government service center descriptions against versioned standards."""

__version__ = "0.1.0"
