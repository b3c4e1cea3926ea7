"""`python -m analytics` is the `forecast-desk` command line."""

from analytics.cli import main

raise SystemExit(main())
