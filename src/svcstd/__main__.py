"""Allow ``python -m svcstd``."""

from svcstd.cli import main

main()
