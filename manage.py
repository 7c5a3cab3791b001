#!/usr/bin/env python
"""Same as the `knowflow` console command, for tools that expect a manage.py."""

from knowflow.cli import main

if __name__ == "__main__":
    main()
