"""`python -m companion` is the same program as the `second-look` console script."""

from companion.cli import main

raise SystemExit(main())
