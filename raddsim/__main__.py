import sys

from raddsim.cli import main

sys.exit(main())
