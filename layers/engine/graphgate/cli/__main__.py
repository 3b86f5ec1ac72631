import sys

from graphgate.cli import main

sys.exit(main())
