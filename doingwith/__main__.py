import sys

from doingwith.cli import main

sys.exit(main())
