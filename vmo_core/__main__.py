import sys

from vmo_core.cli import main

sys.exit(main())
